"""Handing the model to HiGHS: arrays, the solver adapter, warm variants, the second pass."""
