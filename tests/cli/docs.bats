#!/usr/bin/env bats
# README and docs/ stand on their own: every file of the tree they name
# exists, and nothing points outside the repository.

load ../lib/common

@test "README and docs/ name only files that exist in the tree" {
	refs=$(grep -ohE '`[^` ]+`' README.md docs/*.md | tr -d '`' | sed 's/[.,:;)]*$//' |
		grep -E '^(\.ci|docs|src|lib|include|image|tests|fuzz|bench|completions|debian|mk)/|^(LICENSE|VERSION|Dockerfile|Makefile|README\.md)$' |
		grep -v '[<*]' | sort -u)
	[ "$(wc -l <<<"$refs")" -ge 15 ]
	for r in $refs; do
		[ -e "$r" ] || [ -e "${r%/}" ] || { echo "missing: $r" >&2; return 1; }
	done
}

@test "nothing points outside the repository: no DESIGN.md, no /work/ paths" {
	run grep -rnE 'DESIGN\.md|/work/|shared/DESIGN' README.md docs Makefile mk .ci debian completions Dockerfile
	[ "$status" -eq 1 ]
	[ -f docs/design.md ]
	grep -q 'docs/design.md' docs/run.md
}
