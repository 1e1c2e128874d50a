package graph

import (
	"testing"

	"github.com/egenkontroll/egenkontroll/graph/model"
)

type testEdge struct {
	cursor string
	node   *string
}

// TestConnectionOf: one edge per node, in order, each with its node's cursor and a pointer into
// the page's own nodes; startCursor/endCursor from the first and last edge and none on an empty
// page; hasPreviousPage only when the page was asked for after a cursor.
func TestConnectionOf(t *testing.T) {
	after := "c0"
	empty := ""
	for _, tc := range []struct {
		name      string
		nodes     []string
		after     *string
		hasNext   bool
		wantStart string // "" for no cursors
		wantEnd   string
		wantPrev  bool
	}{
		{"first page of three", []string{"a", "b", "c"}, nil, true, "c:a", "c:c", false},
		{"one node after a cursor", []string{"a"}, &after, false, "c:a", "c:a", true},
		{"empty page", nil, &after, false, "", "", true},
		{"an empty after is the first page", []string{"a", "b"}, &empty, false, "c:a", "c:b", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edges, info := connectionOf(tc.nodes, func(i int) string { return "c:" + tc.nodes[i] },
				func(c string, n *string) testEdge { return testEdge{c, n} }, tc.after, tc.hasNext)
			if len(edges) != len(tc.nodes) {
				t.Fatalf("%d edges for %d nodes", len(edges), len(tc.nodes))
			}
			for i, e := range edges {
				if e.cursor != "c:"+tc.nodes[i] || e.node != &tc.nodes[i] {
					t.Errorf("edge %d: %q %p, want the cursor and a pointer to node %d", i, e.cursor, e.node, i)
				}
			}
			checkPageInfo(t, info, tc.wantStart, tc.wantEnd, tc.hasNext, tc.wantPrev)
		})
	}
}

func checkPageInfo(t *testing.T, info *model.PageInfo, start, end string, next, prev bool) {
	t.Helper()
	if info.HasNextPage != next || info.HasPreviousPage != prev {
		t.Errorf("hasNext %v hasPrevious %v, want %v %v", info.HasNextPage, info.HasPreviousPage, next, prev)
	}
	if start == "" {
		if info.StartCursor != nil || info.EndCursor != nil {
			t.Errorf("cursors on an empty page: %v %v", info.StartCursor, info.EndCursor)
		}
		return
	}
	if info.StartCursor == nil || *info.StartCursor != start || info.EndCursor == nil || *info.EndCursor != end {
		t.Errorf("cursors %v %v, want %q %q", deref(info.StartCursor), deref(info.EndCursor), start, end)
	}
}
