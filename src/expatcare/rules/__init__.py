"""The legal knowledge of expatcare as a pure library (no Django, no other expatcare package).

Entry points: ``engine.load_parameters`` for dated parameters and ``io.assess_json`` for the
assessment contract (docs/contracts.md, assess).
"""
