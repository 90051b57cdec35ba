"""Studies that run extra solves on top of the plan: value of information, rule
costs, sweeps, explanations of infeasibility, and the parallel runner they share."""
