// Package mailtest is a tiny SMTP server for tests, run in-process on the loopback address. It
// speaks enough of RFC 5321 for net/smtp (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT),
// keeps every message it accepts, and can refuse the next messages with a reply code, so tests
// read what really arrived and see the sender retry.
package mailtest

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one accepted message, decoded.
type Message struct {
	From    string
	To      []string
	Subject string
	Body    string
	Raw     string
}

// Server is a running test SMTP server.
type Server struct {
	User, Password string
	ln             net.Listener
	mu             sync.Mutex
	msgs           []Message
	refuse         int // refuse the next n messages at DATA
	refuseCode     int
	arrived        chan struct{}
	wg             sync.WaitGroup
}

// Start starts a server on 127.0.0.1 that wants AUTH PLAIN with user and password; it stops
// when the test ends.
func Start(t testing.TB, user, password string) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{User: user, Password: password, ln: ln, arrived: make(chan struct{}, 1000)}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() { _ = ln.Close(); s.wg.Wait() })
	return s
}

// URL is the server's address for --smtp-url.
func (s *Server) URL() string {
	return fmt.Sprintf("smtp://%s:%s@%s", s.User, s.Password, s.ln.Addr().String())
}

// Refuse makes the server refuse the next n messages with the reply code (4xx: try again later,
// 5xx: never).
func (s *Server) Refuse(n, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse, s.refuseCode = n, code
}

// Messages returns what has arrived so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits until n messages have arrived (or the timeout passes) and returns them.
func (s *Server) Wait(n int, timeout time.Duration) []Message {
	deadline := time.After(timeout)
	for {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		select {
		case <-s.arrived:
		case <-deadline:
			return s.Messages()
		}
	}
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() { _ = conn.Close() }()
			_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
			s.session(textproto.NewConn(conn))
		}()
	}
}

func (s *Server) session(c *textproto.Conn) {
	say := func(format string, args ...any) bool { return c.PrintfLine(format, args...) == nil }
	if !say("220 mailtest ESMTP") {
		return
	}
	var from string
	var to []string
	authed := s.User == ""
	for {
		line, err := c.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			say("250-mailtest\r\n250-AUTH PLAIN\r\n250 8BITMIME")
		case "HELO":
			say("250 mailtest")
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			if !strings.EqualFold(mech, "PLAIN") {
				say("504 unsupported")
				continue
			}
			if resp == "" {
				say("334 ")
				if resp, err = c.ReadLine(); err != nil {
					return
				}
			}
			b, _ := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(b), "\x00")
			if len(parts) == 3 && parts[1] == s.User && parts[2] == s.Password {
				authed = true
				say("235 ok")
			} else {
				say("535 bad credentials")
			}
		case "MAIL":
			if !authed {
				say("530 authentication required")
				continue
			}
			from, to = addr(arg), nil
			say("250 ok")
		case "RCPT":
			to = append(to, addr(arg))
			say("250 ok")
		case "DATA":
			s.mu.Lock()
			refuse := s.refuse > 0
			code := s.refuseCode
			if refuse {
				s.refuse--
			}
			s.mu.Unlock()
			if refuse {
				say("%d refused by the test", code)
				continue
			}
			say("354 go ahead")
			raw, err := io.ReadAll(c.DotReader())
			if err != nil {
				return
			}
			s.keep(from, to, string(raw))
			say("250 queued")
		case "RSET", "NOOP":
			say("250 ok")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}

func addr(arg string) string {
	if i, j := strings.Index(arg, "<"), strings.Index(arg, ">"); i >= 0 && j > i {
		return arg[i+1 : j]
	}
	return arg
}

func (s *Server) keep(from string, to []string, raw string) {
	m := Message{From: from, To: to, Raw: raw}
	if parsed, err := mail.ReadMessage(bufio.NewReader(strings.NewReader(raw))); err == nil {
		m.Subject, _ = new(mime.WordDecoder).DecodeHeader(parsed.Header.Get("Subject"))
		body, _ := io.ReadAll(parsed.Body)
		if strings.EqualFold(parsed.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			body, _ = io.ReadAll(quotedprintable.NewReader(strings.NewReader(string(body))))
		}
		m.Body = strings.ReplaceAll(string(body), "\r\n", "\n")
	}
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	s.mu.Unlock()
	s.arrived <- struct{}{}
}
