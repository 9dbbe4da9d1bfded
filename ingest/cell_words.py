"""Words cells use for what is not data: an empty value, a total.

Business rule: SQL tools write an empty value as `NULL`, `\\N` or `(null)` ('Save results as' in
SSMS, mysqldump, Oracle): a department 'NULL' is no department, so when the sample holds such
cells every mapped cell reading exactly that is empty. Chinese, Japanese, Korean and Russian
ledgers close a month with 本月合计 / 本年累计 / Итого rows that carry a date like a line: in
files written in those scripts those words mark a total row, as 'Total' does in others.

Worked example: `2024-03-28,Workday Ltd,NULL,9439.69` loads with no department;
`2024-01-31,本月合计,,341140.26` is excluded as a total row, never summed.
"""

from __future__ import annotations

import re

from ingest.readers import SourceTable

# what SQL tools write for an empty value ('Save results as' in SSMS, mysqldump, Oracle)
SQL_NULLS = ("NULL", "\\N", "(null)")


def sql_nulls(src: SourceTable) -> bool:
    return any(cell in SQL_NULLS for row in src.sample for cell in row)


# 'total' in Chinese, Japanese, Korean and Russian (Kingdee's 本月合计, 1C's Итого): looked for
# only in files whose sample is written in those scripts, so other files pay nothing for them
_CJK_TOTALS = ("合计", "合計", "累计", "累計", "总计", "總計", "小计", "小計", "합계", "소계", "총계", "누계")
_CYRILLIC_TOTALS = ("Итог", "ИТОГ", "итог", "Всего", "ВСЕГО")


def total_words(src: SourceTable) -> tuple[str, ...]:
    text = "".join(c for row in src.sample for c in row if c)
    return ((_CJK_TOTALS if re.search(r"[\u3040-\u9fff\uac00-\ud7af]", text) else ())
            + (_CYRILLIC_TOTALS if re.search(r"[\u0400-\u04ff]", text) else ()))
