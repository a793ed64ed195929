"""Officials: people named with their titles, their level and their role in the event.

Works on the token view (tokens.py) and the vocabulary matches (nlp.py) of the shared pipeline;
names are read by official_reader.py and title runs by titles.py. A person is found
- with the title after the name: "đồng chí A - Bí thư…", "A, HUV, PCT UBND huyện", "A (Bí thư…)",
  "A- Bí thư…", "Lê Thị B UVBTV, PCT…", or given by a verb ("A được bầu giữ chức Chủ tịch…");
- with the title before it: "Bí thư Đảng ủy xã Hoàng Văn C";
- in a list sharing one title: "các đồng chí: A, B - Phó Chủ tịch UBND xã".
The role comes from the verb right after the person ("(chủ trì)", ", phát biểu", "đã báo cáo"),
from the verb after a list that opens its sentence or follows "do"/"gồm" ("Đại hội do các đồng
chí A, B và C chủ trì"), or from the first verb earlier in the sentence ("Dự hội nghị có …");
the strongest over the page wins.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import compress

from spacy.tokens import Doc

from .official_reader import APOSTROPHES, Reader
from .records import Official
from .textnorm import fold, word_key
from .titles import expand, run_at, run_before, segment_level

_BEFORE_TITLE = frozenset(("-", "–", "—", ",", ":", "(", "|"))  # "|": name and title in table cells
_LIST_WORDS = frozenset((",", ";", "và"))  # between people of one list
_CHAIN_WORDS = frozenset((",", ";", "và", "cùng", ":"))
_ROLE_LABELS = ("ROLE_chair", "ROLE_report", "ROLE_speak", "ROLE_attend")
_INTRODUCERS = frozenset((",", ":", "có", "gồm"))  # "Dự hội nghị có …", "Phát biểu tại hội nghị, …"
_AGENT_WORDS = frozenset(("do", "gồm"))  # "Hội nghị do … chủ trì", "Đoàn Chủ tịch gồm … điều hành"
_MAX_APPOINT_GAP = 4  # words between a name and "được bầu giữ chức"
_LABEL_STARTS = frozenset(("(", "[", ".", ";", "|"))  # what comes before "Ảnh:" on its line
_MAX_BYLINE_LABEL = 8  # tokens of "Tin, ảnh:", "Tác giả bài viết:" before a byline name
_MAX_BYLINE_UNIT = 60  # characters of the unit after a byline's name ("(Văn phòng - Thống kê xã)")
_MAX_LIST_GAP = 12  # tokens between two people of one list ("; và các đồng chí: ")


@dataclass
class _Mention:
    opening: int  # the prefix, or the name when there is none
    name_start: int
    name_end: int
    segments: list[tuple[int, int]] = field(default_factory=list)
    tail: int = 0  # just after the title run and its term qualifier, or after the name
    linked: bool = False  # joined to the mention before by list words only (", ", " và ", "; đồng chí")
    after: set[str] = field(default_factory=set)  # roles of the verb right after the mention
    roles: set[str] = field(default_factory=set)


def find_officials(doc: Doc) -> list[Official]:
    """Officials in a document, one per person, in order of first titled mention."""
    r = Reader(doc)
    mentions, pronouns = _mentions(r)
    _assign_roles(r, mentions, pronouns)
    return _merge(r, mentions)


# ---- mentions -------------------------------------------------------------------------------------
def _mentions(r: Reader) -> tuple[list[_Mention], list[int]]:
    """Every mention of a person, titled or not (an untitled one may carry the role of a person
    titled elsewhere on the page); and the ends of the prefixes that open a sentence alone, as a
    pronoun for the person named before ("Đồng chí đề nghị …")."""
    text, labels = r.text, r.labels
    prefixes = [s for label, s, _ in r.matches if label == "PREFIX"]
    first, lower = r.lex.first_lower, r.lower
    starts = (
        i
        for i in compress(range(r.n), r.cap)
        if (lower[i] in first or (i + 1 < r.n and text[i + 1] in APOSTROPHES) or r.family_name_at(i))
        and r.name_start_ok(i, relaxed=False)
    )
    candidates = sorted(set(starts).union(prefixes))
    mentions: list[_Mention] = []
    waiting: list[_Mention] = []  # people of a list who wait for the title that closes it
    taken: set[int] = set()  # tokens of titles already given
    pronouns: list[int] = []
    list_open, pos, k, forced = False, 0, 0, None
    while True:
        relaxed = forced is not None
        if forced is not None:
            i, forced = forced, None
        else:
            k = bisect_left(candidates, pos, k)
            if k >= len(candidates):
                break
            i, k = candidates[k], k + 1
        prefix_end = labels[i].get("PREFIX")
        start = i
        if prefix_end:
            start = r.skip(prefix_end)
            if start < r.n and text[start] == ":":
                start = r.skip(start + 1)
        end = r.name_at(start, relaxed=relaxed or bool(prefix_end))
        if (
            end is None
            and prefix_end
            and r.v.sent_bounds(i)[0] == i
            and word_key(text[i]) not in r.lex.plural
        ):
            pronouns.append(prefix_end)
        if end is None or r.term_end(end) > r.skip(end):
            continue  # no name; or one with a term ("xã An Lương Đông khóa XX"): a body, not a person
        m = _Mention(i, start, end, linked=bool(mentions) and _adjacent(r, mentions[-1].tail, i))
        if not m.linked:
            waiting, list_open = [], False
        # A list of people: opened by "các đồng chí" or "hai đồng chí" before, in this sentence.
        list_open = list_open or any(
            r.sent_of[p] == r.sent_of[i] and r.opens_list(p) for p in prefixes if p <= i
        )
        _read_title(r, m)
        pos = max(m.tail, end)
        if _is_byline(r, m):
            continue
        if m.segments:
            taken.update(range(m.segments[0][0], m.segments[-1][1]))
            for w in waiting:
                w.segments = m.segments
            waiting = []
        mentions.append(m)
        nxt = r.skip(pos)
        if list_open and nxt < r.n and r.lower[nxt] in _LIST_WORDS:
            if not m.segments and text[nxt] != ";":
                waiting.append(m)
            follow = r.skip(nxt + 1)
            forced = follow if follow < r.n and not labels[follow].get("PREFIX") else None
    shared: list[tuple[int, int]] = []  # a title written before a list, for its other people
    for m in mentions:
        if m.segments:
            shared = []
        elif shared and m.linked:
            m.segments = shared
        else:
            m.segments, is_shared = run_before(r, m.name_start, taken)
            shared = m.segments if is_shared else []
            if m.segments:
                taken.update(range(m.segments[0][0], m.segments[-1][1]))
    return mentions, pronouns


def _adjacent(r: Reader, a: int, b: int) -> bool:
    """Only list words, prefixes and blanks between tokens a and b."""
    k = a
    while k < b:
        if r.v.blank[k] or r.lower[k] in _CHAIN_WORDS:
            k += 1
        elif r.labels[k].get("PREFIX"):
            k = r.labels[k]["PREFIX"]
        else:
            return False
    return b - a < _MAX_LIST_GAP


def _read_title(r: Reader, m: _Mention) -> None:
    """The title written after the name, or given to it by a verb; sets segments and tail."""
    j = r.skip(m.name_end)
    opened = j < r.n and r.text[j] == "("
    if j < r.n and r.text[j] in _BEFORE_TITLE:
        j = r.skip(j + 1)
    j = _past_age(r, j)
    m.segments = run_at(r, j, after_name=True) or _appointed(r, m.name_end)
    m.tail = m.name_end
    if m.segments:
        m.tail = r.term_end(m.segments[-1][1])
        close = r.skip(m.tail)
        if opened and close < r.n and r.text[close] == ")":
            m.tail = close + 1


def _past_age(r: Reader, j: int) -> int:
    """ "Trần Văn B, 86 tuổi, nguyên Chủ tịch…": the age between a name and its title."""
    age = r.skip(j + 1) if j < r.n and r.v.like_num[j] else r.n
    comma = r.skip(age + 1) if age < r.n and word_key(r.text[age]) == "tuổi" else r.n
    return r.skip(comma + 1) if comma < r.n and r.text[comma] == "," else j


def _appointed(r: Reader, i: int) -> list[tuple[int, int]]:
    """ "… (vừa) được bầu giữ chức Chủ tịch UBND xã": a title given by a verb after the name."""
    j = r.skip(i)
    if j < r.n and r.text[j] == ",":
        j = r.skip(j + 1)
    for _ in range(_MAX_APPOINT_GAP):
        if j >= r.n:
            return []
        end = r.labels[j].get("APPOINT")
        if end:
            return run_at(r, end, after_name=True)
        if r.v.is_punct[j] or r.v.is_space[j] or r.cap[j]:
            return []  # only words like "vừa", "tiếp tục" come between; a capital starts another name
        j = r.skip(j + 1)
    return []


def _is_byline(r: Reader, m: _Mention) -> bool:
    """A byline: the name right after "Tác giả:", "(Ảnh:", "Tin, ảnh:"…, or a name (with its
    unit) alone on the last line of the text."""
    colon = r.prev(m.opening)
    if colon >= 0 and r.text[colon] == ":":
        k = colon
        while k > 0 and colon - k < _MAX_BYLINE_LABEL and not _label_start(r.text[k - 1]):
            k -= 1
        if fold(r.v.span_text(k, colon).lower()).strip() in r.lex.bylines:
            return True
    line = m.opening
    while line > 0 and "\n" not in r.text[line - 1]:
        line -= 1
        if m.opening - line > _MAX_BYLINE_LABEL:
            return False  # running text before the name
    if r.v.span_text(line, m.opening).strip(" -–:,.") or m.opening != m.name_start:
        return False  # words or a prefix before the name on its line: running text
    # The last line of the text, a name and a short unit, no sentence: "Thu Trang - Đài truyền
    # thanh xã", "Katơr Thị Nga (Văn phòng - Thống kê xã)".
    rest = r.v.span_text(m.name_end, r.n).strip()
    return "\n" not in rest and len(rest) <= _MAX_BYLINE_UNIT and not rest.endswith((".", "!", "?"))


def _label_start(text: str) -> bool:
    return text in _LABEL_STARTS or "\n" in text


# ---- roles ----------------------------------------------------------------------------------------
def _assign_roles(r: Reader, mentions: list[_Mention], pronouns: list[int]) -> None:
    # Role verbs taken by the person right before them, and words inside titles ("Ban Chỉ đạo").
    claimed = {k for m in mentions for s, e in m.segments for k in range(s, e)}
    for m in mentions:
        m.after, verb = _roles_after(r, m.tail)
        m.roles |= m.after
        if verb is not None:
            claimed.add(verb)
    for end in pronouns:  # "… Lò Văn Mừng … kiểm tra. Đồng chí yêu cầu …": the person named last
        before = [m for m in mentions if m.opening < end]
        roles, verb = _roles_after(r, end)
        if before and roles and verb is not None:
            before[-1].roles |= roles
            claimed.add(verb)
    chain: list[_Mention] = []
    for link in [*mentions, None]:
        if link is not None and link.linked and chain:
            chain.append(link)
            continue
        if len(chain) > 1 and chain[-1].after and _agentive(r, _list_start(r, chain[0])):
            for other in chain[:-1]:
                other.roles |= chain[-1].after
        chain = [link] if link is not None else []
    for n, m in enumerate(mentions):
        lead = _role_before(r, mentions, n, claimed)
        if lead:
            m.roles.add(lead)


def _roles_after(r: Reader, k: int) -> tuple[set[str], int | None]:
    """Role verbs right after a mention: "(chủ trì)", ", chủ trì", "đã phát biểu", "làm chủ tọa",
    "khai mạc và chủ tọa"; with the token of the verb."""
    n, text = r.n, r.text
    k = r.skip(k)
    if k < n and text[k] in ("(", ","):
        k = r.skip(k + 1)
    for _ in range(2):
        if k < n and word_key(text[k]) in r.lex.aux:
            k = r.skip(k + 1)
    roles = _roles_at(r, k)
    if not roles:
        return roles, None
    verb = k
    end = r.skip(max(r.labels[k][lbl] for lbl in _ROLE_LABELS if lbl in r.labels[k]))
    if end < n and r.lower[end] in ("và", ","):
        roles |= _roles_at(r, r.skip(end + 1))
    return roles, verb


def _roles_at(r: Reader, k: int) -> set[str]:
    if k >= r.n or not r.labels[k]:
        return set()
    return {lbl[5:] for lbl in _ROLE_LABELS if lbl in r.labels[k]}


def _list_start(r: Reader, m: _Mention) -> int:
    """Where a list opens: at its first person, or at the title written before them and the
    plural before that ("Các đồng chí Phó Bí thư Đảng ủy xã A và B điều hành …")."""
    if not m.segments or m.segments[0][0] > m.opening:
        return m.opening
    start = m.segments[0][0]
    plural = r.plural_start(start)
    return start if plural is None else plural


def _agentive(r: Reader, opening: int) -> bool:
    """A list whose verb is everyone's: it opens its sentence, or follows "do" / "gồm"."""
    first = r.v.sent_bounds(opening)[0]
    p = r.prev(opening)
    while p >= first and r.text[p] == ":":
        p = r.prev(p)
    return p < first or r.lower[p] in _AGENT_WORDS


def _role_before(r: Reader, mentions: list[_Mention], n: int, claimed: set[int]) -> str | None:
    """The role of a verb right before the person or the list they are in ("với sự tham dự của
    đồng chí …", "của các Phó Chủ tịch UBND xã A, B"), or of one that opens a clause and
    introduces them with "có", "gồm" or a comma: "Dự hội nghị có …", "Phát biểu tại hội nghị,
    đồng chí …". Everyone of such a clause attends; the other roles go to the first person after
    the verb (and a list they open), not to one named later ("…, đồng chí A chúc mừng đồng chí B")."""
    opening = mentions[n].opening
    head = n  # the first person of the list mention n is in
    while head > 0 and mentions[head].linked:
        head -= 1
    starts = (mentions[head].opening, _list_start(r, mentions[head]))
    first = r.v.sent_bounds(opening)[0]
    for k in range(first, opening):
        if k in claimed or not r.labels[k]:
            continue
        role = next((lbl[5:] for lbl in _ROLE_LABELS if lbl in r.labels[k]), None)
        if role is None:
            continue
        if r.skip(max(r.labels[k][lbl] for lbl in _ROLE_LABELS if lbl in r.labels[k])) in starts:
            return role  # "với sự tham dự của (các) đồng chí …", "dưới sự chủ trì của …"
        p = r.prev(k)
        if p >= first and r.text[p] not in (",", ";", ":"):
            continue
        if not any(r.lower[t] in _INTRODUCERS for t in range(k + 1, opening)):
            continue
        if role == "attend" or _first_after(mentions, n, k + 1):
            return role
    return None


def _first_after(mentions: list[_Mention], n: int, pos: int) -> bool:
    """Mention n is the first after token pos, or in a list with the first."""
    for j in range(n - 1, -1, -1):
        if mentions[j].opening < pos:
            return True
        if not mentions[j + 1].linked:
            return False
    return True


# ---- people ---------------------------------------------------------------------------------------
def _merge(r: Reader, mentions: list[_Mention]) -> list[Official]:
    v = r.v
    people: dict[str, Official] = {}
    roles: dict[str, set[str]] = {}
    for m in mentions:
        k = " ".join(word_key(t) for t in r.text[m.name_start : m.name_end])  # key() word by word, cached
        roles.setdefault(k, set()).update(m.roles)
        if k in people or not m.segments:
            continue
        name = v.span_text(m.name_start, m.name_end)
        level = None
        for s, e in m.segments:
            level = segment_level(r, s, e) or level
        title_start, title_end = m.segments[0][0], m.segments[-1][1]
        start, end = min(m.name_start, title_start), max(m.name_end, title_end)
        people[k] = Official(
            name=name,
            titles=[v.span_text(s, e) for s, e in m.segments],
            title_text=v.span_text(title_start, title_end),
            org_level=level or "unknown",
            role=None,
            start=v.idx[start],
            end=v.end_char(end - 1),
            titles_expanded=[expand(r, s, e) for s, e in m.segments],
            text=v.source[v.idx[start] : v.end_char(end - 1)],
            sentence=v.sent_text(start).strip(),
        )
    for k, person in people.items():
        person.role = next((role for role in r.lex.priority if role in roles[k]), None)
    return sorted(people.values(), key=lambda o: o.start)
