"""Decoding bytes whose charset declaration may be right, wrong, unknown or missing.

Chinese portals serve UTF-8, GBK, GB2312 and GB18030, and declare it correctly, wrongly or not
at all. A declaration is therefore a hint, never the answer: strict UTF-8 is tried first (GBK
text almost never decodes as valid UTF-8), then the declared charset, then GB18030 (a superset
of GBK and GB2312).

A declaration is read as a browser reads it: by the labels of the WHATWG Encoding Standard
(``x-gbk``, ``csgb2312``, ``cn-big5``, ``unicode-1-1-utf-8``…), each decoded by the Python codec
of what a browser decodes (GBK as GB18030, Big5 with its HKSCS extension, EUC-KR as windows-949,
ISO-8859-1 as windows-1252). Neither w3lib (about a quarter of the labels unknown) nor
webencodings (a table of 2012, without ``x-unicode20utf8``) holds the current table, so it is
here. A label no browser knows is no declaration: the bytes are decoded as if none were given,
and a check says so.
"""

from __future__ import annotations

import codecs
import re

from w3lib.encoding import resolve_encoding

from harvester.checks import check

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)

# The WHATWG Encoding Standard's labels (https://encoding.spec.whatwg.org/#names-and-labels),
# by the Python codec that decodes them as a browser does. The labels of ISO-2022-KR, HZ and
# ISO-2022-CN (the "replacement" encoding) and x-user-defined have no codec here: browsers
# refuse to decode them, so they are read as undeclared.
_WHATWG_LABELS = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 "
                 "iso_8859-2:1987 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 "
                 "iso_8859-3:1988 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 "
                 "iso_8859-4:1988 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 "
                 "iso_8859-5 iso_8859-5:1988",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 "
                 "iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 "
                 "iso_8859-6:1987",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 "
                 "iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 "
                 "iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual "
                 "csiso88598i iso-8859-8-i logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 "
              "iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 "
              "x-cp1252",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
              "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk "
               "gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022_jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 "
             "ksc5601 ksc_5601 windows-949",
    "utf-16-be": "unicodefffe utf-16be",
    "utf-16-le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
}
_REFUSED_LABELS = frozenset({"csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext",
                             "iso-2022-kr", "replacement", "x-user-defined"})
# Labels outside the standard that Chinese servers send: Java's names for GB2312 and GBK
# (a Tomcat's default), decoded as the GB18030 that contains them.
_SERVER_LABELS = {"x-euc-cn": "gb18030", "windows-936": "gb18030", "x-gb18030": "gb18030"}
_CODECS = {label: codec for codec, labels in _WHATWG_LABELS.items() for label in labels.split()}
_CODECS.update(_SERVER_LABELS)


def codec_for(label: str) -> str | None:
    """The Python codec that decodes what ``label`` declares, as a browser would; None for a
    label no browser decodes. A name beyond the standard that Python's codecs know (``euc_cn``,
    ``gb2312-1980``) is read as w3lib reads it (GB2312 and GBK as GB18030)."""
    label = label.strip().lower()
    if label in _REFUSED_LABELS:
        return None
    codec = _CODECS.get(label) or resolve_encoding(label)
    return codecs.lookup(codec).name if codec else None


def declared_charset(data: bytes) -> str | None:
    """The charset label an HTML or XML head declares, lower-cased, if any: a hint for
    :func:`decode`, which knows whether any browser decodes it."""
    match = _DECLARED.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, list[dict]]:
    """Decode ``data`` whose charset label is ``declared`` (a hint, perhaps none a browser
    knows); returns the text, the codec used, and checks about the choice."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding, []
    hint = codec_for(declared) if declared else None
    candidates = ["utf-8"]
    if hint and hint not in candidates:
        candidates.append(hint)
    if "gb18030" not in candidates:
        candidates.append("gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, encoding, _mismatch(declared, hint, encoding)
    text = data.decode("gb18030", errors="replace")
    return text, "gb18030", [*_mismatch(declared, hint, "gb18030"), check(
        "undecodable_bytes", "warning", "document",
        "some bytes are valid in no known Chinese charset and were replaced")]


def _mismatch(declared: str | None, hint: str | None, used: str) -> list[dict]:
    if declared is None or hint == used:
        return []
    if hint is None:
        return [check("charset_mismatch", "info", "document",
                      f"declared charset {declared!r} is no charset a browser knows; "
                      f"the bytes are {used}")]
    return [check("charset_mismatch", "info", "document",
                  f"declared charset {declared} but the bytes are {used}")]
