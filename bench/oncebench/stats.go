package main

import (
	"slices"
	"time"
)

// number is what the statistics here work on: durations and byte counts.
type number interface {
	~int64 | ~float64
}

// median returns the middle value of xs (the mean of the two middle values
// when their number is even), or 0 for none. xs is not changed.
func median[T number](xs []T) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return (float64(s[n/2-1]) + float64(s[n/2])) / 2
}

// spread is the smallest, middle and largest of a series.
type spread struct {
	Min, Median, Max float64
	N                int
}

func spreadOf[T number](xs []T) spread {
	if len(xs) == 0 {
		return spread{}
	}
	return spread{Min: float64(slices.Min(xs)), Median: median(xs), Max: float64(slices.Max(xs)), N: len(xs)}
}

// msOf turns a median of durations into milliseconds.
func msOf(ds []time.Duration) float64 { return median(ds) / float64(time.Millisecond) }
