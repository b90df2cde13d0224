"""How a person's name is compared in searches: the form a caseworker may type it in and the form it was stored in
count as the same name.

A name comes from an ID-card reader, an Excel file or a keyboard: `王晋生`, `王 晋生`, `王　晋生` (a full-width space),
`ＷＡＮＧ Jinsheng` (full-width Latin letters from a Chinese input method) or `买买提·艾力` (the separating dot of
minority names, written `·`, `・` or `•`, or left out). `name_key` makes all of them one key: NFKC folds full-width
forms to their plain ones, whitespace and separating dots go, Latin letters are case-folded. The key is stored beside
the name (`Person.name_search`), so the search compares keys on both sides.
"""

import re
import unicodedata

# Whitespace of every width (NFKC has made U+3000 a plain space) and the dots that separate parts of a name.
SEPARATORS = re.compile(r"[\s·・•‧.]+")


def name_key(name: str) -> str:
    """`王 晋生` -> `王晋生`; `ＷＡＮＧ Jin` -> `wangjin`; `买买提·艾力` -> `买买提艾力`."""
    return SEPARATORS.sub("", unicodedata.normalize("NFKC", name)).casefold()
