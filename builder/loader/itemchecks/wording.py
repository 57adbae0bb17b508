"""What the item checks read in a text: its length, choices that point at the others, unemphasised negatives.

The word lists cover English, Chinese (Traditional and Simplified) and Russian; texts in other languages
are measured, but not searched for phrases.
"""

from __future__ import annotations

import re
import unicodedata

# Kana, CJK ideographs (with extension A and the compatibility block) and Hangul: counted per character.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_WORD = re.compile(rf"[^\W{_CJK}]+(?:['’][^\W{_CJK}]+)*")
_NOT_WORD = re.compile(r"[\W_]+")


def size(text: str) -> int:
    """How long a choice reads: one per CJK character plus one per word of any other script."""
    return len(_CJK_CHAR.findall(text)) + len(_WORD.findall(text))


def unit(text: str) -> str:
    return "characters" if len(_CJK_CHAR.findall(text)) > len(_WORD.findall(text)) else "words"


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


def normalise(text: str) -> str:
    """The text with case, width, spacing and punctuation taken out: what is left is what a reader compares."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _NOT_WORD.sub("", folded)


# ---- choices that refer to the other choices ("All of the above", 以上皆是, Все перечисленное) ----

_ALL = re.compile("|".join([
    r"\ball (?:of )?the above\b", r"\ball of these\b", r"^all of (?:them|those)\W*$", r"^(?:all|both) (?:are|answers are) correct\W*$",
    r"^both (?:[a-h]|[1-9]) and (?:[a-h]|[1-9])\W*$", r"\bboth of the above\b",
    r"(?:以上|上述|前述)(?:選項|选项|各項|各项|答案|做法|說法|说法)?(?:皆|都|均|全)(?:是|對|对|正確|正确|可|適用|适用|要|需要)",
    r"(?:以上|上述|前述)(?:全部|皆可|均可)", r"^全部(?:皆|都|均)?(?:是|對|对|正確|正确)\W*$", r"^(?:兩|两)者(?:皆|都|均)(?:是|對|对)",
    r"\bвс[её] (?:выше)?перечисленн", r"\bвс[её] вышеуказанн", r"\bвсе (?:ответы|варианты) (?:верны|правильны)",
]), re.IGNORECASE)
_NONE = re.compile("|".join([
    r"\bnone of the above\b", r"^none of (?:these|them|those)\W*$", r"\bneither of the above\b",
    r"^neither (?:[a-h]|[1-9]) nor (?:[a-h]|[1-9])\W*$", r"^no (?:correct|right) answer\W*$",
    r"(?:以上|上述|前述)(?:選項|选项|各項|各项|答案|做法|說法|说法)?(?:皆|都|均|全)(?:不|非|無|无|錯|错|沒有|没有)",
    r"^(?:兩|两)者(?:皆|都|均)(?:不|非)",
    r"\bничего из (?:выше)?перечисленного", r"\bни один из (?:вариантов|ответов|перечисленных)",
    r"\bнет (?:верного|правильного) ответа",
]), re.IGNORECASE)


def refers_to_others(text: str) -> str | None:
    """'all' or 'none' when a choice answers by pointing at the other choices; None otherwise."""
    plain = " ".join(text.replace("ё", "е").replace("Ё", "Е").split()).strip(" .。!！\"'「」“”")
    if _NONE.search(plain):
        return "none"
    if _ALL.search(plain):
        return "all"
    return None


# ---- negative stems ----
# The stem is the prompt's last sentence (the question asked). A negative there must stand out:
# in English and Russian written in capitals (NOT, EXCEPT, НЕ, КРОМЕ); in Chinese set in corner or
# tortoise-shell brackets (「不」, 〔不〕, 【除了】), as printed exams in Taiwan do. Prompts are plain text,
# so bold or underline cannot be written.

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")
_EN_NEGATIVE = re.compile(r"\b(?:not|except|never|cannot|(?<!at )least|\w+n['’]t)\b|\b(?:is|are) (?:false|incorrect|untrue)\b",
                          re.IGNORECASE)
_RU_NEGATIVE = re.compile(r"(?<!\w)(?:не|кроме|нельзя|неверн\w*|неправильн\w*|никогда)(?!\w)", re.IGNORECASE)
_ZH_ASKING = re.compile(r"哪|何|什麼|什么|是否|嗎|吗")
_ZH_NEGATIVE = re.compile(
    r"不(?:是|會|会|能|可|應|应|該|该|宜|要|需|必|屬於|属于|適合|适合|適當|适当|恰當|恰当|正確|正确|符合|包括|包含|算|對|对)"
    r"|最不|沒有|没有|並非|并非|錯誤|错误|為非|为非|除外|除了")
_ZH_RATHER_THAN = re.compile(r"而(?:不是|非)")  # 「…，而不是…」 contrasts two things; it does not ask a negative
_ZH_EMPHASIS = re.compile(r"[「〔【『][^」〕】』]{1,6}[」〕】』]")
_ZH_QUOTE = re.compile(r"[「『“][^」』”]{7,}[」』”]")  # quoted speech: what someone said, not what is asked


def stem(prompt: str) -> str:
    sentences = [s for s in _SENTENCE_END.split(prompt.strip()) if s.strip()]
    return sentences[-1] if sentences else ""


def bare_negatives(language: str, prompt: str) -> list[str]:
    """The negative words of the prompt's stem that are not emphasised."""
    question = stem(prompt)
    family = language.split("-")[0].lower()
    if family == "en":
        return [m.group() for m in _EN_NEGATIVE.finditer(question) if not m.group().isupper()]
    if family == "ru":
        return [m.group() for m in _RU_NEGATIVE.finditer(question) if not m.group().isupper()]
    if family == "zh":
        plain = _ZH_QUOTE.sub(lambda m: "＿" * len(m.group()), _ZH_RATHER_THAN.sub("＿＿＿", question))
        plain = _ZH_EMPHASIS.sub(lambda m: "＿" * len(m.group()) if _ZH_NEGATIVE.search(m.group()) else m.group(),
                                 plain)
        asking = _ZH_ASKING.search(plain)
        found = []
        for match in _ZH_NEGATIVE.finditer(plain):
            # 除了…以外 asks for an exception wherever it stands; other negatives only after the question word
            # (「你不在座位上時，哪一種做法最好？」 asks nothing negative).
            if match.group() == "除了" or (asking and match.start() > asking.start()):
                found.append(match.group())
        return found
    return []


def contains_answer(prompt: str, answer: str) -> bool:
    """Whether an accepted fill-in answer is written in the prompt (whole words outside CJK)."""
    wanted = " ".join(answer.split()).casefold()
    text = " ".join(prompt.split()).casefold()
    if not wanted:
        return False
    if has_cjk(wanted):
        return wanted in text
    if len(wanted) < 2:
        return False
    return re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", text) is not None
