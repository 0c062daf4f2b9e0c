// Prints the wall clock as Go's runtime reads it: through the vDSO, which
// the runtime finds by parsing AT_SYSINFO_EHDR itself (no libc involved).
// "timeprobe.go loop [COUNT]": "YEAR MILLISECONDS" every 100 ms, COUNT
// times (default 100), for tests that change the clock meanwhile.
// "timeprobe.go cpus": runtime.NumCPU(), which the runtime takes from the
// CPU affinity mask in its first steps.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "loop" {
		count := 100
		if len(os.Args) > 2 {
			count, _ = strconv.Atoi(os.Args[2])
		}
		for i := 0; i < count; i++ {
			t := time.Now()
			fmt.Println(t.UTC().Year(), t.UnixMilli())
			time.Sleep(100 * time.Millisecond)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "cpus" {
		fmt.Println(runtime.NumCPU())
		return
	}
	fmt.Println(time.Now().Unix())
}
