package main

import (
	"slices"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	cases := []struct {
		in   []int64
		want float64
	}{
		{nil, 0},
		{[]int64{7}, 7},
		{[]int64{9, 1, 5}, 5},
		{[]int64{4, 1, 3, 2}, 2.5},
		{[]int64{3, 3, 1, 100, 2}, 3},
	}
	for _, c := range cases {
		in := slices.Clone(c.in)
		if got := median(in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
		if !slices.Equal(in, c.in) {
			t.Errorf("median reordered its input: %v became %v", c.in, in)
		}
	}
}

func TestSpreadAndMilliseconds(t *testing.T) {
	ds := []time.Duration{30 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond, 1 * time.Second}
	sp := spreadOf(ds)
	if sp.Min != float64(10*time.Millisecond) || sp.Max != float64(time.Second) || sp.N != 4 {
		t.Errorf("spreadOf = %+v", sp)
	}
	if got := msOf(ds); got != 25 {
		t.Errorf("msOf = %v ms, want 25", got)
	}
	if sp := spreadOf([]time.Duration{}); sp != (spread{}) {
		t.Errorf("spreadOf(empty) = %+v", sp)
	}
}
