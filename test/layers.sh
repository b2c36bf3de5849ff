#!/bin/sh
# layers.sh -- the core's layer rule as a build check (run by `make`'s
# core-includes step): a file of common/ may include only headers of its own
# layer or of a layer below it, named with their folder ("sql/values.h").
#
#   base < lang < decl < sql < session < orm, schema < api.c / orm.h
#
# orm/ and schema/ are side by side: neither includes the other.  Fails,
# naming every file and include that breaks the rule.  Run from the
# repository root (or give it the root as $1).

cd "${1:-.}" || exit 2

rank() {
	case "$1" in
	base) echo 1 ;;
	lang) echo 2 ;;
	decl) echo 3 ;;
	sql) echo 4 ;;
	session) echo 5 ;;
	orm | schema) echo 6 ;;
	top) echo 7 ;;
	*) echo 0 ;;
	esac
}

status=0
for f in common/*.c common/*.h common/*/*.c common/*/*.h; do
	[ -f "$f" ] || continue
	case "$f" in
	common/*/*) layer=${f#common/}; layer=${layer%%/*} ;;
	*) layer=top ;;
	esac
	mine=$(rank "$layer")
	if [ "$mine" = 0 ]; then
		echo "layers: $f: common/$layer/ is not a layer (base lang decl sql session orm schema)" >&2
		status=1
		continue
	fi
	incs=$(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1 \2/')
	while read -r line inc; do
		[ -n "$inc" ] || continue
		case "$inc" in
		orm.h) to=top ;;
		*/*) to=${inc%%/*} ;;
		*)
			echo "layers: $f:$line: #include \"$inc\" does not name its folder (\"sql/values.h\")" >&2
			status=1
			continue ;;
		esac
		theirs=$(rank "$to")
		if [ "$theirs" = 0 ]; then
			echo "layers: $f:$line: #include \"$inc\": common/$to/ is not a layer" >&2
			status=1
		elif [ "$theirs" -gt "$mine" ]; then
			echo "layers: $f:$line: #include \"$inc\": $layer/ is below $to/ and may not include it" >&2
			status=1
		elif [ "$theirs" = "$mine" ] && [ "$to" != "$layer" ]; then
			echo "layers: $f:$line: #include \"$inc\": $layer/ and $to/ are side by side and may not include each other" >&2
			status=1
		fi
	done <<EOF
$incs
EOF
done
if [ "$status" != 0 ]; then
	echo "layers: the order is base < lang < decl < sql < session < orm, schema < api.c/orm.h (README \"Architecture\")" >&2
fi
exit $status
