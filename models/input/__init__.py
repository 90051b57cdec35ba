"""Typed model data and what it means in each scenario: records, the scenario tree,
the chain's stages, the terms of every offer and process, prices, arrivals, origin classes."""
