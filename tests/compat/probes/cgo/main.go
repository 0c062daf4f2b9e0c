// The same probe linked against libc through cgo: a dynamic executable
// whose C side reads the clock through glibc as well.
package main

/*
#include <time.h>
static long long c_now(void) { return (long long)time(0); }
*/
import "C"

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println(time.Now().Unix(), int64(C.c_now()))
}
