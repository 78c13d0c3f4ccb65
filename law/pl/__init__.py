"""Polish legal rules: calendar, limitation, interest, fees, procedure, deadlines.

References:
    * /work/shared/domain/polish_law.md (team domain reference, sections 1-8).
"""
