package storefiletest

import (
	_ "embed"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// StoreFile is a small valid store file (adapters/storefile): Toko Uji,
// two products, a bundle, two vouchers, three locations, one warehouse and
// a few rates. Tests break it one field at a time with PatchJSON.
//
//go:embed testdata/store.json
var StoreFile string

// Remove, as the value given to PatchJSON, deletes the field.
var Remove = &struct{}{}

// PatchJSON returns the JSON document doc with the value at path set (or
// removed with Remove): path is a JSON path such as "vouchers[0].kind".
func PatchJSON(t testing.TB, doc []byte, path string, value any) []byte {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(doc, &v))
	setPath(t, &v, partRE.FindAllString(path, -1), value)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

var partRE = regexp.MustCompile(`[^.\[\]]+|\[\d+\]`)

func setPath(t testing.TB, at *any, parts []string, value any) {
	t.Helper()
	part := parts[0]
	if strings.HasPrefix(part, "[") {
		i, err := strconv.Atoi(strings.Trim(part, "[]"))
		require.NoError(t, err)
		list, ok := (*at).([]any)
		require.True(t, ok, "not a list at %s", part)
		if len(parts) == 1 {
			if value == Remove {
				*at = append(list[:i:i], list[i+1:]...)
			} else {
				list[i] = value
			}
			return
		}
		setPath(t, &list[i], parts[1:], value)
		return
	}
	obj, ok := (*at).(map[string]any)
	require.True(t, ok, "not an object at %s", part)
	if len(parts) == 1 {
		if value == Remove {
			delete(obj, part)
		} else {
			obj[part] = value
		}
		return
	}
	child := obj[part]
	if child == nil {
		child = map[string]any{}
	}
	setPath(t, &child, parts[1:], value)
	obj[part] = child
}
