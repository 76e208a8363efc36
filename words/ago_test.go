package words

import (
	"testing"
	"time"
)

func TestSince(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		back time.Duration
		want string
	}{
		{-5 * time.Second, "just now"},
		{0, "just now"},
		{59 * time.Second, "just now"},
		{time.Minute, "1 minute ago"},
		{3*time.Minute + 20*time.Second, "3 minutes ago"},
		{time.Hour, "1 hour ago"},
		{23 * time.Hour, "23 hours ago"},
		{24 * time.Hour, "1 day ago"},
		{91 * 24 * time.Hour, "91 days ago"},
	}
	for _, c := range cases {
		if got := Since(now.Add(-c.back), now); got != c.want {
			t.Errorf("Since(now-%v) = %q, want %q", c.back, got, c.want)
		}
	}
}

func TestDaysNeverNegative(t *testing.T) {
	now := time.Now()
	if d := Days(now.Add(time.Hour), now); d != 0 {
		t.Errorf("Days of a future time = %d, want 0", d)
	}
	if d := Days(now.Add(-48*time.Hour), now); d != 2 {
		t.Errorf("Days of two days back = %d, want 2", d)
	}
}
