// go_timers N: N round trips between two goroutines over channels, each
// receive in a select with a timer (time.After, 1 s) that never fires:
// the channel-and-timer traffic of a Go server.  Prints ns per round trip
// on Go's monotonic clock (virtual under --clocks all: the caller divides
// by the rate).
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			select {
			case pong <- v:
			case <-time.After(time.Second):
			}
		}
	}()
	t0 := time.Now()
	for i := 0; i < n; i++ {
		ping <- i
		select {
		case <-pong:
		case <-time.After(time.Second):
		}
	}
	fmt.Printf("%.2f\n", float64(time.Since(t0).Nanoseconds())/float64(n))
}
