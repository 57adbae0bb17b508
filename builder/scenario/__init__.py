"""What Python works out about a branching scenario once, so that the runtime only has to read it:
every run it allows (`states`), what its conditions can do over the meters' ranges (`ranges`), and the
language-neutral rules the runtime evaluates (`rules`)."""
