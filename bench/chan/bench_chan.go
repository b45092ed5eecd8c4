// The channel workloads of bench/chan/run.sh, in Go (run with GOMAXPROCS=2).
// Prints "workload go ns_per_op", the best of 3 runs, like bench-chan.c.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

func pingpong(n int) {
	a, b := make(chan int), make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			b <- <-a
		}
	}()
	for i := 0; i < n; i++ {
		a <- i
		<-b
	}
}

func buffered(n int) {
	c := make(chan int, 128)
	go func() {
		for i := 0; i < n; i++ {
			c <- i
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-c
	}
	_ = sum
}

func mpmc(n int) {
	c := make(chan int, 128)
	var wg sync.WaitGroup
	per := n / 4
	for p := 0; p < 4; p++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				c <- i
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				<-c
			}
		}()
	}
	wg.Wait()
}

func select4(n int) {
	per := n / 4
	var cs [4]chan int
	for k := range cs {
		cs[k] = make(chan int, 128)
		go func(c chan int) {
			for i := 0; i < per; i++ {
				c <- i
			}
		}(cs[k])
	}
	for k := 0; k < 4*per; k++ {
		select {
		case <-cs[0]:
		case <-cs[1]:
		case <-cs[2]:
		case <-cs[3]:
		}
	}
}

func main() {
	scale := 1.0
	if len(os.Args) > 1 {
		scale, _ = strconv.ParseFloat(os.Args[1], 64)
	}
	work := []struct {
		name string
		fn   func(int)
		n    int
	}{
		{"pingpong", pingpong, 200000},
		{"buffered", buffered, 4000000},
		{"mpmc", mpmc, 2000000},
		{"select4", select4, 2000000},
	}
	for _, w := range work {
		if len(os.Args) > 2 && os.Args[2] != w.name {
			continue
		}
		n := int(float64(w.n) * scale)
		best := 1e30
		for r := 0; r < 3; r++ {
			t0 := time.Now()
			w.fn(n)
			ns := float64(time.Since(t0).Nanoseconds()) / float64(n)
			if ns < best {
				best = ns
			}
		}
		fmt.Printf("%s go %.1f\n", w.name, best)
	}
}
