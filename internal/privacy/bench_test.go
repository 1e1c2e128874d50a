package privacy

import (
	"strings"
	"testing"
)

// BenchmarkScreen screens a typical long assessment text (no personal data), the common case on
// every save.
func BenchmarkScreen(b *testing.B) {
	text := strings.Repeat("Egenkontrollen viser at vi dokumenterer planlegging godt, men samtaler med barnet mangler i 3 av 10 saker (2024). ", 40)
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		if len(Screen(text)) != 0 {
			b.Fatal("unexpected finding")
		}
	}
}
