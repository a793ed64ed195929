"""Title runs: the titles written beside a person's name ("HUV - Bí thư Đảng ủy xã").

A run is one or more segments joined by " - ", " – " or ","; a segment starts at a title head
("Phó Chủ tịch", "Huyện ủy viên") or a title abbreviation ("PCT", "HUV") and goes on over
organisation words, levels with their place name ("huyện Hoàng Su Phì"), abbreviations
("KT-XH"), capitalised words and "và"/"của" between organisations. An organisation name written
in lower case after its first word ("Trung tâm Dịch vụ việc làm tỉnh") is taken up to the
level or the capitalised word that closes it. A term qualifier ("khóa XV", "nhiệm kỳ
2021 - 2026") after the last segment is not part of the run.
"""

from __future__ import annotations

from .official_reader import APOSTROPHES, GLUE, Reader, is_abbr
from .textnorm import word_key

_JOINERS = ("-", "–", "—", ",")

_CLAUSE_ENDS = frozenset((",", ";", ".", ":", "(", ")", "-", "–", "—", "!", "?", "…"))
_MAX_EXTENSION = 20  # tokens looked at after a segment for the rest of an organisation name
_MAX_LOWER = 6  # lower-case words in a row inside such a name ("lý trật tự đô thị", "thực hiện chính sách")
_MAX_BEFORE = 30  # tokens looked back from a name for a title written before it


def _continuation_end(r: Reader, j: int) -> int:
    """End of the organisation / title / level phrases chained from token j (0 if none starts)."""
    labels, end, k = r.labels, 0, j
    while k < min(r.n, max(end, j + 1)):  # j may be the end of the text
        for label, e in labels[k].items():  # one to three labels a token
            if e > end and (label == "ORG" or label == "TITLE_HEAD" or label.startswith("LEVEL_")):
                end = e
        k += 1
    return end


def _head_end(r: Reader, i: int) -> int:
    """End of the title head (or abbreviation) at i; "nguyên" (former) goes with it."""
    if r.lower[i] == "nguyên":
        i = r.skip(i + 1)
    return max(r.labels[i].get("TITLE_HEAD", 0), i + 1)


def segment_at(r: Reader, i: int, after_name: bool, org_start: bool = False) -> int | None:
    """End of one title segment starting at token i, or None.

    after_name: the person was named before this title, so capitalised words after a level are
    the place ("huyện Hoàng Su Phì"); otherwise a name may follow the title and ends it.
    org_start: a segment that names only an organisation ("Sở GD&ĐT tỉnh").
    """
    if i >= r.n:
        return None
    if org_start:
        if not (r.labels[i].get("ORG") or (r.text[i] in r.lex.abbr and r.text[i] not in r.lex.title_abbr)):
            return None
        last = j = i
    else:
        if not r.title_starts(i):
            return None
        last = j = _head_end(r, i)
        nxt = r.skip(j)
        if nxt < r.n and word_key(r.text[nxt]) in r.lex.plural and not r.labels[nxt].get("ORG"):
            # "bí thư các chi bộ": a group, not this person's title ("Trưởng Ban Chỉ đạo các
            # Chương trình MTQG" is one: "các" opens the organisation's own name)
            return None
    leveled = False
    while (j := r.line_word(j, r.n)) < r.n:
        text = r.text[j]
        if (r.stops_title(j) and not r.multi_match_at(j)) or r.term_end(j) > j:
            break  # a verb, or a term ("xã NK 2022 - 2027")
        if r.cap[j] and r.name_at(j) is not None and not (after_name and r.level_end[r.prev(j) + 1]):
            break  # "Chủ tịch UBND xã Đoàn Minh Trí": a name, even one that reads as an organisation
        end = _continuation_end(r, j)
        if end:
            j = last = end
            if r.level_end[end]:
                leveled = True
                j = last = max(end, r.place_end(r.skip(end), after_name))
            continue
        if is_abbr(text):
            j = last = r.abbr_end(j)
            continue
        if (region := _region_end(r, j)) and r.cap[region]:
            j = last = r.place_end(region, after_name)  # "… NHCSXH khu vực Tuyên Hóa"
            continue
        if r.cap[j]:
            j = last = r.unit_end(j)
            continue
        if word_key(text) in r.lex.modifiers or r.v.like_num[j]:
            j += 1  # "Phó Bí thư thường trực", "Tiểu đoàn 2": kept only if more title follows
            continue
        if r.lower[j] in ("và", "&", "của") and _org_follows(r, r.skip(j + 1)):
            j = r.skip(j + 1)
            continue
        if (text in GLUE or text in APOSTROPHES) and r.glued(j):
            j += 1
            continue
        break
    if not leveled:
        last = _extend(r, last, after_name)
    if last == i + 1 and not org_start and not is_abbr(r.text[i]) and r.lower[i] == r.text[i]:
        return None  # a lone lower-case "trưởng": a word of the sentence, not a title
    return last


def _region_end(r: Reader, j: int) -> int:
    """Start of the area's name after a region word at j ("khu vực", "liên xã"), else 0."""
    k = r.skip(j + 1)
    if k < r.n and (word_key(r.text[j]), word_key(r.text[k])) in r.lex.regions:
        return r.skip(k + 1) if r.skip(k + 1) < r.n else 0
    return 0


def _org_follows(r: Reader, k: int) -> bool:
    """After "và"/"của": another organisation ("HĐND và UBND huyện", "của Quốc hội")."""
    if k >= r.n or r.stops_title(k) or r.title_starts(k):
        return False  # "Bí thư Đảng ủy xã và Chủ tịch UBND xã B": another person's title may follow
    return bool(_continuation_end(r, k)) or is_abbr(r.text[k]) or (r.cap[k] and r.name_at(k) is None)


def _closes(r: Reader, k: int) -> bool:
    """Whether an organisation name may end before token k: punctuation, a line end, a role verb,
    "cùng", a term qualifier or the end of the text."""
    k = r.skip(k)
    if k < r.n and r.text[k] in GLUE and r.glued(k):
        return False  # "COVID-19": a dash inside a word, not between a title's parts
    if k >= r.n or "\n" in r.text[k] or r.text[k] in _CLAUSE_ENDS or r.stops_title(k):
        return True
    return r.lower[k] == "cùng" or r.term_end(k) > k


def _extend(r: Reader, last: int, after_name: bool) -> int:
    """The rest of an organisation name written in lower case after a segment that names no level:
    up to a level ("Ủy ban bầu cử xã"), or up to capitalised words that close the clause
    ("Công ty cổ phần Cung ứng nhân lực Sao Mai;"). last if neither comes."""
    k, lower_run, best = last, 0, last
    limit = min(r.n, last + _MAX_EXTENSION)
    while (k := r.line_word(k, limit)) < limit:
        text = r.text[k]
        if r.cap[k] and not after_name and r.name_at(k) is not None:
            break  # after a person's name, capitalised words here are the organisation's ("Sàng Ma Phố")
        end = _continuation_end(r, k)
        if end:
            if r.level_end[end]:
                return _place_chain(r, end, after_name)
            k, lower_run = end, 0
        elif text in _OPEN_QUOTES and (close := _quote_end(r, k, limit)):
            k, lower_run = close, 0  # "Ban Chỉ đạo phong trào "Toàn dân đoàn kết …" xã"
            continue
        elif r.v.is_punct[k]:
            if not ((text in GLUE or text in APOSTROPHES) and r.glued(k)):
                break
            k += 1
            continue
        elif r.stops_title(k) or r.labels[k].get("APPOINT") or _ext_stop(r, k):
            break
        elif is_abbr(text):
            k, lower_run = r.abbr_end(k), 0
        elif r.cap[k]:
            k, lower_run = r.unit_end(k), 0
        elif r.v.like_num[k]:
            # "Tiểu đoàn 2", "Trung đoàn 736"; after lower-case words a number counts as one of them
            k, lower_run = k + 1, (0 if k == r.skip(last) or not r.v.is_alpha[r.prev(k)] else lower_run + 1)
        elif r.v.is_alpha[k] and r.term_end(k) == k and lower_run < _MAX_LOWER:
            k, lower_run = k + 1, lower_run + 1
            if lower_run <= _BEFORE_ROLE and _role_at(r, k):
                return k  # "Trưởng Ban Chỉ đạo diễn tập phát biểu": a short subject, then the verb
            continue
        else:
            break
        if _closes(r, k):
            best = k
            break
    return best


def _ext_stop(r: Reader, k: int) -> bool:
    """A word that ends a lower-case organisation name: a verb ("trao"), or the first word of
    a two-word one ("triển khai", where "phát triển" goes on)."""
    first = word_key(r.text[k])
    if first not in r.lex.ext_stops:
        return False
    nxt = r.skip(k + 1)
    second = word_key(r.text[nxt]) if nxt < r.n else ""
    return (first, second) in r.lex.ext_pairs or not any(p[0] == first for p in r.lex.ext_pairs)


_OPEN_QUOTES = frozenset({'"', "“", "«"})
_CLOSE_QUOTES = frozenset({'"', "”", "»"})
_BEFORE_ROLE = 2  # lower-case words of a name a role verb may close


def _quote_end(r: Reader, k: int, limit: int) -> int | None:
    """The token after the quote opened at k, closed on its line before limit; None if not."""
    for j in range(k + 1, limit):
        if "\n" in r.text[j]:
            return None
        if r.text[j] in _CLOSE_QUOTES:
            return j + 1
    return None


def _role_at(r: Reader, k: int) -> bool:
    """Does a role verb ("phát biểu", "chủ trì") start at the next word from k?"""
    j = r.skip(k)
    return j < r.n and any(label.startswith("ROLE_") for label in r.labels[j])


def _place_chain(r: Reader, end: int, after_name: bool) -> int:
    """The end of a level phrase ending at ``end`` with its place, and of the levels chained after
    it: "Sở Nội vụ tỉnh Gia Lai", "Phòng Văn hóa và Thông tin huyện Triệu Phong"."""
    while True:
        end = max(end, r.place_end(r.skip(end), after_name))
        nxt = _continuation_end(r, r.skip(end))
        if not nxt or not r.level_end[nxt]:
            return end
        end = nxt


def run_at(r: Reader, i: int, after_name: bool) -> list[tuple[int, int]]:
    """Title segments from token i, joined by " - ", " – " or ","; a term qualifier between two
    segments stays with the first ("ĐBQH khóa XV, Ủy viên…"), one after the last is left out."""
    segments: list[tuple[int, int]] = []
    j = r.skip(i)
    end = segment_at(r, j, after_name)
    while end is not None:
        segments.append((j, end))
        k = r.skip(r.term_end(end))
        if k >= r.n or r.text[k] not in _JOINERS:
            break
        nxt = r.skip(k + 1)
        end = _next_segment(r, nxt, after_name)
        if end is not None:
            segments[-1] = (j, r.prev(k) + 1)  # with the term qualifier before the joiner
            j = nxt
    return segments


def _next_segment(r: Reader, j: int, after_name: bool) -> int | None:
    """A segment after a joiner: a title, or an organisation with its level that ends the run
    ("Phó Trưởng phòng Giáo dục Tiểu học, Sở GD&ĐT tỉnh;")."""
    end = segment_at(r, j, after_name)
    if end is not None:
        return end
    end = segment_at(r, j, after_name, org_start=True)
    if end is None or not r.level_end[end] and not _level_within(r, j, end):
        return None
    k = r.skip(r.term_end(end))
    if k < r.n and r.text[k] in (",", "-", "–"):
        return None  # more to come: a list of organisations, not one person's title
    return end if _closes(r, end) else None


def _level_within(r: Reader, s: int, e: int) -> bool:
    return any(s <= ls and le <= e for ls, le, _ in r.levels)


def run_before(r: Reader, name_start: int, taken: set[int]) -> tuple[list[tuple[int, int]], bool]:
    """ "Bí thư Đảng ủy xã Hoàng Văn C": a title run that ends right before the name (a comma, a
    colon or a prefix between allowed); the longest such run. Tokens in taken belong to other
    people. With it, whether the run is shared by a list of people that starts with this name:
    one title after a plural ("các Phó Chủ tịch UBND xã A, B") or before a colon ("Phó Chủ tịch
    UBND phường: bà A, bà B")."""
    j = name_start - 1
    colon = False
    while j >= 0:
        if r.v.blank[j] or r.text[j] in (",", ":"):
            colon = colon or r.text[j] == ":"
            j -= 1
            continue
        prefix = r.prefix_ending_at(j + 1)
        if prefix is None:
            break
        j = prefix - 1
    if j < 0 or "\n" in r.text[j]:
        return [], False
    best: list[tuple[int, int]] = []
    sentence = r.sent_of[name_start]
    for start in range(j, max(-1, j - _MAX_BEFORE), -1):
        if start in taken or r.sent_of[start] != sentence:
            break
        if not r.title_starts(start):
            continue
        run = run_at(r, start, after_name=False)
        if run and run[-1][1] == j + 1:
            best = run  # keep looking back: "Chỉ huy trưởng …" beats "trưởng …"
    if not best:
        return [], False
    if r.plural_before(best[0][0]):
        if len(best) == 1:
            return best, True  # "các Phó Bí thư Đảng ủy xã A và B"
        best = best[1:]  # "các đồng chí Ủy viên BCH Đảng bộ xã, Chủ tịch UBMTTQ xã Phạm Văn Kiên"
    return best, colon


def segment_level(r: Reader, s: int, e: int) -> str | None:
    """The level the segment names last ("Ủy viên Ủy ban Văn hóa và Xã hội của Quốc hội": central)."""
    level, at = None, -1
    for ls, le, name in r.levels:
        if s <= ls and le <= e and ls > at:
            level, at = name, ls
    for k in range(s, e):
        abbr_level = r.lex.abbr_levels.get(r.text[k])
        if abbr_level and k > at:
            level, at = abbr_level, k
    return level


def expand(r: Reader, s: int, e: int) -> str:
    """The segment with its abbreviations spelt out (HUV -> Huyện ủy viên, KT-XH -> Kinh tế - Xã hội)."""
    abbr, parts, k = r.lex.abbr, [], s
    while k < e:
        end = r.abbr_end(k) if is_abbr(r.text[k]) else k + 1
        whole = r.text[k] if end == k + 1 else r.v.span_text(k, end)
        if whole in abbr:
            parts.append(abbr[whole])
        else:
            parts.extend(abbr.get(r.text[t], r.text[t]) for t in range(k, end))
        if r.space_after[end - 1]:
            parts.append(" ")
        k = end
    return "".join(parts).strip()
