package server

import (
	"net"
	"syscall"
)

// pending reports whether a request's first bytes wait unread on the connection: the client has
// sent a request the server has not started reading (its state still says idle). Closing such a
// connection would cut that request.
func pending(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	var n int
	// Control, not Read: the server's own goroutine holds the read side while it waits.
	_ = raw.Control(func(fd uintptr) {
		var b [1]byte
		n, _, _ = syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
	})
	return n > 0
}
