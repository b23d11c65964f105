# zsh -f zsh-completions.zsh DIR LINE: prints, one a line, the matches zsh's own completion system
# offers when Tab is pressed at the end of LINE, with DIR (holding _feedloom) on $fpath. An
# interactive zsh on a pseudo-terminal (zsh/zpty) runs compinit and the line editor for real;
# compadd is wrapped so that every match a completion function adds is also printed.
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi; local -a hits; builtin compadd -A hits "$@"; print -rl -- "<match>"${^hits}; }'
# The prompt is spelt in two pieces so that the echo of this line is not taken for it.
zpty -w z "fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -d ${(q)1}/.zcompdump; PS1='<rea''dy>'"
local out
# Keys typed before the line editor reads them may be thrown away: wait for its prompt.
zpty -r z out '*<ready>'
# Tab, then Ctrl-U (clears the line; Ctrl-C would flush the pending Tab) and an end marker.
zpty -w -n z "$2"$'\t\x15print "<"done">"\n'
while zpty -r z out; do
  [[ $out == *'<done>'* ]] && break
  [[ $out == *'<match>'* ]] && print -r -- "${${out##*<match>}%%[$'\r\n']*}"
done
zpty -d z
