#compdef cpd

_cpd_completion() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _CPD_COMPLETE=complete_zsh cpd)
}

zstyle ':completion:*:*:cpd:*' sort false  # keep cpd's order: ids 9, 10, 11, not 10, 11, 9

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _cpd_completion "$@"  # autoloaded from $fpath on the first Tab: complete it now
else
  compdef _cpd_completion cpd  # sourced: register for the Tabs to come
fi
