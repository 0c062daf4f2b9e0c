// Go's ways to wait, timed on the kernel's uptime (/proc/uptime), which no
// session makes virtual: "MODE REAL_SECONDS" per wait of the given seconds.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

func uptime() float64 {
	b, err := os.ReadFile("/proc/uptime")
	if err != nil {
		panic(err)
	}
	v, _ := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	return v
}

func timed(name string, f func()) {
	t0 := uptime()
	f()
	fmt.Printf("%s %.3f\n", name, uptime()-t0)
}

func main() {
	s, _ := strconv.ParseFloat(os.Args[1], 64)
	d := time.Duration(s * float64(time.Second))
	timed("go.sleep", func() { time.Sleep(d) })
	timed("go.ticker", func() {
		t := time.NewTicker(d / 4)
		for i := 0; i < 4; i++ {
			<-t.C
		}
		t.Stop()
	})
	timed("go.context", func() {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		<-ctx.Done()
	})
	timed("go.after", func() {
		var mu sync.Mutex
		mu.Lock()
		select {
		case <-time.After(d):
		}
		mu.Unlock()
	})
	// The clock the program reads moved as far as it waited.
	t0 := time.Now()
	time.Sleep(d)
	fmt.Printf("go.measured %.1f\n", time.Since(t0).Seconds())
}
