#compdef cpd

_cpd_completion() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _CPD_COMPLETE=complete_zsh cpd)
}

compdef _cpd_completion cpd
