"""Approximate dates: a day, a month or only a year, as people remember things years later.

An approximate date is stored as the first day of its period plus a precision ("March 2021" is
2021-03-01 with precision ``month``), so it sorts and compares with exact dates, and it is
shown only to its precision.
"""

from __future__ import annotations

import calendar
import datetime

from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def normalise(day: datetime.date, precision: str) -> datetime.date:
    """Return the first day of the period the date stands for."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day


def last_day(day: datetime.date, precision: str) -> datetime.date:
    """Return the last day of the period the (normalised) date stands for."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def describe(day: datetime.date, precision: str) -> str:
    """The date as far as it is known: "5 March 2021", "March 2021" or "2021"."""
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return f"{calendar.month_name[day.month]} {day.year}"
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def iso(day: datetime.date, precision: str) -> str:
    """The date as ISO 8601 to its precision ("2021-03-05", "2021-03", "2021"), for <time datetime>."""
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
