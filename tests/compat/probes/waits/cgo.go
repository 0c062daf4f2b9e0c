//go:build cgo

// With cgo the same program is linked against the C library and its
// threads start through it: the cgo build of the probe.
package main

// static int cgo_probe(void) { return 1; }
import "C"

var _ = C.cgo_probe
