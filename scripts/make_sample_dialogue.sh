#!/usr/bin/env bash
# Makes scripts/sample_dialogue.flac, the demo's two-line dialogue (about 8 s, 16 kHz mono FLAC),
# with Festival (voices festvox-us-slt-hts and festvox-kallpc16k) and sox:
#   apt-get install festival festvox-us-slt-hts festvox-kallpc16k sox
# The lines are rich in lip closures (m, b, p) and open vowels, so the demo shows both.
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)/sample_dialogue.flac"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "Maybe we should move the boat before the storm." \
  | text2wave -eval "(voice_cmu_us_slt_arctic_hts)" -o "$tmp/line1.wav"
echo "Relax. Bob already parked it by the pier." \
  | text2wave -eval "(voice_kal_diphone)" -o "$tmp/line2.wav"

sox "$tmp/line1.wav" -r 16000 -c 1 "$tmp/line1_16k.wav"
sox -n -r 16000 -c 1 "$tmp/lead.wav" trim 0 0.4
sox -n -r 16000 -c 1 "$tmp/gap.wav" trim 0 0.5
sox "$tmp/lead.wav" "$tmp/line1_16k.wav" "$tmp/gap.wav" "$tmp/line2.wav" "$tmp/lead.wav" \
  -b 16 "$out" norm -1
echo "wrote $out ($(soxi -D "$out") s)"
