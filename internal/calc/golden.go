package calc

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// GoldenDir returns the nearest shared/golden folder in dir or one of its
// parents, or "" when there is none. A checkout of the project has shared/
// beside it; a git worktree kept in a folder of its own finds it one level
// further up.
func GoldenDir(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		g := filepath.Join(abs, "shared", "golden")
		if fi, err := os.Stat(g); err == nil && fi.IsDir() {
			return g
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return ""
		}
		abs = parent
	}
}

// GoldenFiles returns the golden case files under dir: every *.json file in
// it and in its folders (shared/golden/cases.json,
// shared/golden/settlement/cases.json …), in lexical order, or none when dir
// does not exist. The tests that run the golden cases read the files this
// way, so a case or a file added to any folder runs without a list to
// update.
func GoldenFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".json") {
			files = append(files, path)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return files, err
}
