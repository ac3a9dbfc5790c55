#!/usr/bin/env bash
# Makes this course's media from the text sources beside this script:
#   slides/NN.txt            one slide each: first line the title, the rest its body
#   narration/video-NN.txt   what is said over slide NN, one caption cue per line
#   narration/audio.txt      the audio lesson, one caption cue per line
#   modul.txt                the PDF module (see make-pdf.cjs for its markup)
# In narration files, blank lines and lines starting with "#" are skipped, and a line
# "caption || spoken" shows the first part as the caption and speaks the second.
#
# Writes:
#   ../media/standar-pelayanan.mp4   640x360 H.264 + AAC mono, keyframe every 2 s, faststart
#   ../media/standar-pelayanan.vtt   its captions, one cue per narration line
#   ../images/standar-pelayanan.jpg  its poster: the first slide
#   ../media/menangani-pengaduan.mp3 mono MP3, 48 kb/s
#   ../media/menangani-pengaduan.vtt its captions
#   ../media/modul-standar-pelayanan.pdf  A4, DejaVu Sans
#
# Needs: espeak-ng (Indonesian voice), ffmpeg and ffprobe (libx264, libmp3lame, drawtext),
# fonts-dejavu-core, node, and pdfkit from the project's node_modules (set NODE_MODULES
# when the course folder is not inside the project). The same inputs and tool versions
# give the same files.
set -euo pipefail
shopt -s inherit_errexit

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
course="$(cd "$here/.." && pwd)"
node_modules="${NODE_MODULES:-$(cd "$course/../.." && pwd)/node_modules}"
font_dir="${FONT_DIR:-/usr/share/fonts/truetype/dejavu}"
font="$font_dir/DejaVuSans.ttf"
font_bold="$font_dir/DejaVuSans-Bold.ttf"

for tool in espeak-ng ffmpeg ffprobe node; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
for f in "$font" "$font_bold"; do
  [ -f "$f" ] || { echo "missing font: $f (apt-get install fonts-dejavu-core)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$course/media" "$course/images"

voice=(espeak-ng -v id -s 160 -p 45)
rate=22050           # espeak-ng's output rate
lead=0.5             # silence before a slide's or the audio lesson's first line
gap=0.45             # silence between lines
tail=0.8             # silence after a slide's last line
ff=(ffmpeg -hide_banner -loglevel error -y)

# Seconds of an audio file, as ffprobe reads it.
duration() { ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$1"; }
# Seconds as a WebVTT timestamp.
stamp() { awk -v t="$1" 'BEGIN { ms = int(t * 1000 + 0.5); printf "%02d:%02d:%02d.%03d", ms / 3600000, (ms / 60000) % 60, (ms / 1000) % 60, ms % 1000 }'; }
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a + b }'; }
silence() { "${ff[@]}" -f lavfi -i "anullsrc=r=$rate:cl=mono" -t "$1" -c:a pcm_s16le "$2"; }

silence "$lead" "$work/lead.wav"
silence "$gap" "$work/gap.wav"
silence "$tail" "$work/tail.wav"

# narrate NAME TEXTFILE START CONCATLIST VTT: speaks each line of TEXTFILE into a wav, appends
# the wavs (with lead, gaps and tail) to CONCATLIST, the cues (from START seconds) to VTT,
# and prints where it ends.
narrate() {
  local name="$1" text="$2" t="$3" list="$4" vtt="$5" n=0 line caption spoken wav len
  echo "file '$work/lead.wav'" >>"$list"
  t="$(add "$t" "$lead")"
  while IFS= read -r line || [ -n "$line" ]; do
    [[ -z "${line// /}" || "$line" == \#* ]] && continue
    if [[ "$line" == *" || "* ]]; then caption="${line%% || *}"; spoken="${line#* || }"; else caption="$line"; spoken="$line"; fi
    n=$((n + 1))
    wav="$work/$name-$n.wav"
    "${voice[@]}" -w "$wav" -- "$spoken"
    len="$(duration "$wav")"
    [ "$n" -gt 1 ] && { echo "file '$work/gap.wav'" >>"$list"; t="$(add "$t" "$gap")"; }
    echo "file '$wav'" >>"$list"
    printf '%s --> %s\n%s\n\n' "$(stamp "$t")" "$(stamp "$(add "$t" "$len")")" "$caption" >>"$vtt"
    t="$(add "$t" "$len")"
  done <"$text"
  echo "file '$work/tail.wav'" >>"$list"
  add "$t" "$tail"
}

# ---- Video: slides + narration --------------------------------------------------------
video="$course/media/standar-pelayanan.mp4"
video_vtt="$course/media/standar-pelayanan.vtt"
poster="$course/images/standar-pelayanan.jpg"
list="$work/video.txt"
: >"$list"
printf 'WEBVTT\n\n' >"$video_vtt"
slides=("$here"/slides/*.txt)
count="${#slides[@]}"
inputs=()
filters=""
t=0
i=0
for slide in "${slides[@]}"; do
  i=$((i + 1))
  num="$(basename "$slide" .txt)"
  start="$t"
  t="$(narrate "video-$num" "$here/narration/video-$num.txt" "$t" "$list" "$video_vtt")"
  length="$(add "$t" "-$start")"
  head -n 1 "$slide" >"$work/title-$num.txt"
  tail -n +2 "$slide" >"$work/body-$num.txt"
  printf '%d / %d' "$i" "$count" >"$work/page-$num.txt"
  printf 'Sinau · Standar Pelayanan Publik' >"$work/footer.txt"
  "${ff[@]}" -f lavfi -i "color=c=0xF4F6F9:s=640x360" -frames:v 1 -vf "\
drawbox=x=0:y=0:w=iw:h=64:c=0x0F4C81:t=fill,\
drawbox=x=0:y=64:w=iw:h=4:c=0xF2A900:t=fill,\
drawtext=fontfile=$font_bold:textfile=$work/title-$num.txt:expansion=none:fontsize=24:fontcolor=white:x=28:y=(64-th)/2,\
drawtext=fontfile=$font:textfile=$work/body-$num.txt:expansion=none:fontsize=20:line_spacing=14:fontcolor=0x1F2933:x=36:y=100,\
drawbox=x=0:y=ih-30:w=iw:h=30:c=0xE4E7EB:t=fill,\
drawtext=fontfile=$font:textfile=$work/footer.txt:expansion=none:fontsize=13:fontcolor=0x52606D:x=28:y=h-22,\
drawtext=fontfile=$font:textfile=$work/page-$num.txt:expansion=none:fontsize=13:fontcolor=0x52606D:x=w-tw-28:y=h-22" \
    "$work/slide-$num.png"
  inputs+=(-loop 1 -framerate 25 -t "$length" -i "$work/slide-$num.png")
  filters+="[$((i - 1)):v]"
  [ "$i" -eq 1 ] && "${ff[@]}" -i "$work/slide-$num.png" -q:v 4 -map_metadata -1 -fflags +bitexact -flags +bitexact "$poster"
done
"${ff[@]}" -f concat -safe 0 -i "$list" -c:a pcm_s16le "$work/video.wav"
"${ff[@]}" "${inputs[@]}" -i "$work/video.wav" \
  -filter_complex "${filters}concat=n=$count:v=1:a=0,format=yuv420p[v]" -map "[v]" -map "$count:a" \
  -c:v libx264 -preset slow -tune stillimage -crf 28 -profile:v main -r 25 -g 50 -keyint_min 50 -sc_threshold 0 \
  -threads 1 -bsf:v filter_units=remove_types=6 \
  -c:a aac -b:a 48k -ac 1 -ar 44100 \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -movflags +faststart -shortest "$video"

# ---- Audio lesson -----------------------------------------------------------------------
audio="$course/media/menangani-pengaduan.mp3"
audio_vtt="$course/media/menangani-pengaduan.vtt"
list="$work/audio.txt"
: >"$list"
printf 'WEBVTT\n\n' >"$audio_vtt"
narrate audio "$here/narration/audio.txt" 0 "$list" "$audio_vtt" >/dev/null
"${ff[@]}" -f concat -safe 0 -i "$list" -c:a libmp3lame -b:a 48k -ac 1 -ar 22050 \
  -map_metadata -1 -write_xing 1 -id3v2_version 0 -fflags +bitexact -flags:a +bitexact "$audio"

# ---- PDF module -------------------------------------------------------------------------
NODE_PATH="$node_modules" node "$here/make-pdf.cjs" "$here/modul.txt" "$course/media/modul-standar-pelayanan.pdf" "$font" "$font_bold"

# ---- Report -----------------------------------------------------------------------------
for f in "$video" "$video_vtt" "$poster" "$audio" "$audio_vtt" "$course/media/modul-standar-pelayanan.pdf"; do
  size="$(stat -c %s "$f")"
  case "$f" in
    *.mp4 | *.mp3) extra="$(printf '%.1f s' "$(duration "$f")")" ;;
    *.vtt) extra="$(grep -c -- '-->' "$f") cues" ;;
    *.pdf) extra="$(command -v pdfinfo >/dev/null && pdfinfo "$f" | awk '/^Pages:/ { print $2 " pages" }')" ;;
    *) extra="" ;;
  esac
  printf '%8d bytes  %-40s %s\n' "$size" "${f#"$course"/}" "$extra"
done
