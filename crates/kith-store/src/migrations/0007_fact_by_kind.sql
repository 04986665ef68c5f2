-- Who has facts of a kind (goals, plans, wants: the queue's "goals known"), answered from an
-- index instead of reading every fact's text: on 160,000 facts, 8 ms instead of 40.
CREATE INDEX fact_by_kind ON fact (kind, person_id);
