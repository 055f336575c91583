package importing

import (
	"strings"
	"unicode"
)

// units are written forms of weight and count units joined to the
// number before them ("250 gr" → "250g").
var units = map[string]string{"g": "g", "gr": "g", "grm": "g", "gram": "g", "gramm": "g", "kg": "kg", "kilo": "kg", "ml": "ml", "l": "l", "liter": "l", "ltr": "l"}

// tokens normalises a text for matching: lower case, letters and digits
// only, a number joined to its unit ("250 gr", "250gr" → "250g";
// "1 kg" → "1000g"), repeated words once.
func tokens(s string) []string {
	raw := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '&'
	})
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for i := 0; i < len(raw); i++ {
		t := raw[i]
		num, unit := splitUnit(t)
		if num != "" && unit == "" && i+1 < len(raw) {
			if u, ok := units[raw[i+1]]; ok {
				unit = u
				i++
			}
		}
		if num != "" && unit != "" {
			if unit == "kg" {
				num, unit = num+"000", "g"
			}
			t = strings.TrimLeft(num, "0") + unit
		}
		add(t)
	}
	return out
}

// splitUnit splits "250gr" into "250" and "g"; a token that is not a
// number with an optional known unit gives "".
func splitUnit(t string) (num, unit string) {
	i := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' })
	if i == 0 {
		return "", ""
	}
	if i < 0 {
		return t, ""
	}
	u, ok := units[t[i:]]
	if !ok {
		return "", ""
	}
	return t[:i], u
}

// levenshtein is the edit distance of a and b, by runes, giving up with
// a large value once it passes limit.
func levenshtein(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// similar says how alike two words are: 1 when equal, less for a typo or
// a prefix, 0 otherwise.
func similar(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len([]rune(a)), len([]rune(b))
	// a typo in a short word counts only after the same first letter
	// ("gayyo" is "gayo", "topi" is not "kopi")
	if min(la, lb) >= 7 || min(la, lb) >= 4 && a[0] == b[0] {
		limit := 1
		if min(la, lb) >= 7 {
			limit = 2
		}
		if d := levenshtein(a, b, limit); d <= limit {
			return 1 - 0.15*float64(d)
		}
	}
	if min(la, lb) >= 3 && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a)) {
		return 0.6
	}
	return 0
}

// overlap scores how well the words q and c match (Dice's coefficient
// with typo-tolerant words): 1 for the same words, 0 for none alike.
func overlap(q, c []string) float64 {
	if len(q) == 0 || len(c) == 0 {
		return 0
	}
	return 2 * matched(q, c) / float64(len(q)+len(c))
}

// matched pairs each word of q with the most similar unused word of c and
// sums the similarities.
func matched(q, c []string) float64 {
	used := make([]bool, len(c))
	var sum float64
	for _, w := range q {
		best, at := 0.0, -1
		for j, v := range c {
			if used[j] {
				continue
			}
			if s := similar(w, v); s > best {
				best, at = s, j
			}
		}
		if at >= 0 {
			used[at] = true
			sum += best
		}
	}
	return sum
}

// phraseIn scores how well the words of name appear together in text:
// the best similarity of name to any run of as many words of text.
func phraseIn(name, text []string) (score float64, at int) {
	n := len(name)
	if n == 0 || len(text) < n {
		return 0, -1
	}
	want := strings.Join(name, " ")
	at = -1
	for i := 0; i+n <= len(text); i++ {
		got := strings.Join(text[i:i+n], " ")
		s := 0.0
		if got == want {
			s = 1
		} else if len(want) >= 5 {
			limit := 1 + len(want)/8
			if d := levenshtein(got, want, limit); d <= limit {
				s = 1 - float64(d)/float64(len(want))
			}
		}
		if s > score {
			score, at = s, i
		}
	}
	return score, at
}
