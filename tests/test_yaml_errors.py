"""Where a YAML syntax error is blamed: the line the author must change, never a line of text that merely
starts with a quote (builder/loader/yamlsource.py)."""

from __future__ import annotations

import pytest

from builder.loader.yamlsource import YamlProblem, parse_yaml

# A folded block whose first line opens a quote that a later line closes (a dialogue), then a mistake much further down: an unquoted
# ": " in a plain text. The course author's file that found it.
BLOCK_THEN_COLON = '''id: calm
title:
  en: Calming a caller
intro:
  en: >-
    "I have called three times already, and
    nobody listens to me," the caller says.
  # "a comment that opens a quote
prompt:
  en: Which reply helps?
feedback:
  en: Good answer: it names the feeling first.
'''

# A quote forgotten at the end of line 2; the next quote (line 4) closes it, and libyaml trips on line 4.
FORGOTTEN = '''id: calm
title: "Calming a caller
prompt:
  en: "Which reply helps?"
'''


def problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text)
    return caught.value


def test_a_block_scalar_line_starting_with_a_quote_is_not_blamed_for_a_later_error() -> None:
    found = problem(BLOCK_THEN_COLON)
    assert found.line == 12, (found.line, found.message)
    assert "opened on this line" not in found.message
    assert "mapping values are not allowed" in found.message


def test_a_quote_left_open_is_still_blamed_where_it_opens() -> None:
    found = problem(FORGOTTEN)
    assert (found.line, found.column) == (2, 8), (found.line, found.column, found.message)
    assert found.message == 'YAML syntax error: the quote " opened on this line is not closed on it'


def test_a_text_quoted_on_one_line_is_never_blamed() -> None:
    found = problem('id: calm\ntitle: "Calming a caller"\nprompt: Which: reply\n')
    assert found.line == 3 and "opened" not in found.message
