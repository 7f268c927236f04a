"""Scheduling with datetime: business days, timedeltas, ISO weeks, month calendars and parsing."""
import calendar
import datetime as dt

HOLIDAYS = {dt.date(2024, 1, 1), dt.date(2024, 12, 25), dt.date(2024, 12, 26)}


def add_business_days(start, days):
    current = start
    while days:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in HOLIDAYS:
            days -= 1
    return current


def meetings(start, every, count):
    return [start + every * i for i in range(count)]


start = dt.date(2023, 12, 28)
print(add_business_days(start, 5), add_business_days(dt.date(2024, 12, 20), 3))
for when in meetings(dt.datetime(2024, 3, 30, 9, 30), dt.timedelta(days=1, hours=12), 4):
    print(when.isoformat(), when.strftime('%a %d %b %H:%M'), when.isocalendar()[:2])
delta = dt.datetime(2024, 3, 1) - dt.datetime(2023, 3, 1, 12)
print(delta, delta.days, delta.total_seconds(), dt.timedelta(hours=-1), abs(dt.timedelta(minutes=-90)))
print(calendar.isleap(2024), calendar.monthrange(2024, 2), calendar.weekday(2024, 2, 29))
print(calendar.TextCalendar(calendar.MONDAY).formatmonth(2024, 2))
parsed = dt.datetime.strptime('2024-07-04 18:05', '%Y-%m-%d %H:%M')
print(parsed, parsed.replace(year=2025).weekday(), dt.date.fromisoformat('2020-02-29') + dt.timedelta(days=365))
print(dt.date(2024, 1, 31).toordinal(), dt.date.fromordinal(738000), dt.time(23, 59, 59, 500000).isoformat())
utc = dt.timezone.utc
print(dt.datetime(2024, 1, 1, tzinfo=utc).astimezone(dt.timezone(dt.timedelta(hours=5, minutes=30))))
print(sorted([dt.date(2024, 5, 1), dt.date(2023, 5, 1), dt.date(2024, 1, 1)]), max(HOLIDAYS))
