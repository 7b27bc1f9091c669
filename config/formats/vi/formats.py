"""Vietnamese formats: dates as dd/mm/yyyy, "." for thousands and "," for decimals, weeks from Monday.

Django's own ``vi`` locale sets no input formats, so without this module a date typed as 05/03/2026
would be read month-first (3 May). ISO dates (2026-03-05) are accepted too, for pasted values.
"""

DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "H:i d/m/Y"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 05/03/2026
    "%d/%m/%y",  # 05/03/26
    "%d-%m-%Y",  # 05-03-2026
    "%d.%m.%Y",  # 05.03.2026
    "%Y-%m-%d",  # 2026-03-05 (ISO)
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M"]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
