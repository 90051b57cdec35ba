"""The solved plan read back: plan, figures, and explanations of infeasibility."""
