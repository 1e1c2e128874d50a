package domain

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Oslo is the time zone deadlines are counted in.
var Oslo = mustLoadOslo()

func mustLoadOslo() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		// Without tzdata on the machine, fall back to CET: deadlines are whole days, so an hour's
		// summer-time difference only matters in the last hour of the deadline day.
		return time.FixedZone("CET", 3600)
	}
	return loc
}

// Date is a calendar date without time or zone.
type Date struct{ t time.Time } // always midnight UTC

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// ParseDate parses YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	return Date{t}, nil
}

// DateOf returns the calendar date of t in Oslo.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Oslo).Date()
	return NewDate(y, m, d)
}

func (d Date) String() string     { return d.t.Format(time.DateOnly) }
func (d Date) IsZero() bool       { return d.t.IsZero() }
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }
func (d Date) After(o Date) bool  { return d.t.After(o.t) }
func (d Date) Time() time.Time    { return d.t }
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// EndInOslo is the first instant after the date in Oslo: something done before it was done on or before the date.
func (d Date) EndInOslo() time.Time {
	y, m, day := d.t.Date()
	return time.Date(y, m, day+1, 0, 0, 0, 0, Oslo)
}

// Value stores the date as a PostgreSQL date.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a PostgreSQL date.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		y, m, day := v.Date()
		*d = NewDate(y, m, day)
		return nil
	case []byte:
		return d.Scan(string(v))
	case string:
		if len(v) > 10 {
			v = v[:10]
		}
		p, err := ParseDate(v)
		if err != nil {
			return err
		}
		*d = p
		return nil
	}
	return fmt.Errorf("cannot scan %T into Date", src)
}

func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(*s)
	*d = p
	return err
}

func (d Date) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(d.String())) }

func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("Date must be a string YYYY-MM-DD")
	}
	p, err := ParseDate(s)
	*d = p
	return err
}

// YearMonth is a calendar month. Cases carry months only, never exact dates.
type YearMonth struct{ Date } // first day of the month

// ParseYearMonth parses YYYY-MM.
func ParseYearMonth(s string) (YearMonth, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return YearMonth{}, fmt.Errorf("%q is not a month (YYYY-MM)", s)
	}
	return YearMonth{Date{t}}, nil
}

func (m YearMonth) String() string { return m.t.Format("2006-01") }

// Scan reads a PostgreSQL date and keeps its month.
func (m *YearMonth) Scan(src any) error {
	if err := m.Date.Scan(src); err != nil {
		return err
	}
	if !m.IsZero() {
		y, mo, _ := m.t.Date()
		m.Date = NewDate(y, mo, 1)
	}
	return nil
}

func (m YearMonth) MarshalJSON() ([]byte, error) {
	if m.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(m.String())
}

func (m *YearMonth) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil {
		*m = YearMonth{}
		return nil
	}
	p, err := ParseYearMonth(*s)
	*m = p
	return err
}

func (m YearMonth) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(m.String())) }

func (m *YearMonth) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("YearMonth must be a string YYYY-MM")
	}
	p, err := ParseYearMonth(s)
	*m = p
	return err
}
