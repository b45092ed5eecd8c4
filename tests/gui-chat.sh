#!/bin/bash
# The chat server's sixteen lanes (samples/chat-server --demo, recorded here)
# with the keyboard alone, real key presses under Xvfb: g groups the lanes
# by start function (the four bots, readers and writers: one group lane
# each), Ctrl+F "bob" finds bot-bob, e opens its group into its threads'
# lanes and closes it again; Ctrl+F "client" with "matching lanes only"
# keeps the readers' and writers' group lanes; g again shows their eight
# lanes; Shift+H all of them.
# Usage: gui-chat.sh TEST_VIEWER_GUI TEST_VIEWER WEFT SAMPLES_BUILD_DIR
set -u
gui=$1 test_viewer=$2 weft=$(realpath "$3") samples=$(realpath "$4")
. "$(dirname "$0")/gui-lib.sh"
trace=$dir/chat.weft
(cd "$dir" && timeout 60 "$weft" record -o "$trace" -- "$samples/chat-server" --demo >chat.out 2>chat.err) ||
  { echo "FAILED: chat-server --demo under weft record"; cat "$dir/chat.err"; exit 1; }
type_keys "watch:selection" g Control_L+f b o b Return Escape e e \
  Control_L+f Control_L+a c l i e n t Tab space Escape g Shift_L+h Control_L+q
# lanes in sorted order: the threads' creation order varies from run to run
# lanes in sorted order: the threads' creation order varies from run to run
sorted() {
  while IFS= read -r line; do
    case $line in
    "lanes "*) echo "lanes $(echo "${line#lanes }" | sed 's/, /\n/g' | LC_ALL=C sort | sed ':a;N;$!ba;s/\n/, /g')" ;;
    *) echo "$line" ;;
    esac
  done
}
got=$(sed -n 's/^watch: //p' "$dir/out" | sed 's/ at [0-9]* ns$//' | sorted)
want="lanes [bot_listen ×4], [client_reader ×4], [client_writer ×4], director, hub, main, signals
selected thread-start of bot-bob
lanes [client_reader ×4], [client_writer ×4], bot-alice, bot-bob, bot-carol, bot-dave, director, hub, main, signals
lanes [bot_listen ×4], [client_reader ×4], [client_writer ×4], director, hub, main, signals
lanes [client_reader ×4], [client_writer ×4]
lanes client-1, client-2, client-3, client-4, writer-1, writer-2, writer-3, writer-4
lanes all"
expect_watched "$got" "$want" "grouping, finding and filtering the chat's lanes"
echo "ok: the chat's lanes grouped by function, a group opened and closed, found and filtered"

# grouping stays on for the next trace opened in the window, with its own groups
o=$(NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" "$gui" \
  "group-lanes;search;open:$trace;search;quit" "$(dirname "$0")/../data/traces/philosophers.weft" 2>"$dir/stderr" |
  sed -n 's/^row [0-9]*: //p')
first=$(head -2 <<<"$o" | tr '\n' ' ')
then=$(tail -n +3 <<<"$o" | LC_ALL=C sort | tr '\n' ' ')
[ "$first" = "main [philosopher ×5] " ] &&
  [ "$then" = "[bot_listen ×4] [client_reader ×4] [client_writer ×4] director hub main signals " ] ||
  { echo "FAILED: the groups, then after opening another trace: $first / $then"; cat "$dir/stderr"; exit 1; }
echo "ok: grouping kept for the next trace, with its own groups"
