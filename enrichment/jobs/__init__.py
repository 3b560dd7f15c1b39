"""The job machinery, one code path for one article and for many: an editor's save is a chunk
of one on the interactive queue; imports and re-runs are chunks on the bulk queue.

``queueing`` writes job rows and sends them after commit, ``dispatch`` hands chunks to the broker
by task name, ``running`` enriches a chunk through one ``nlp.pipe`` stream, ``storing`` writes its
results and the entity store, ``recovery`` re-sends what was lost. Nothing here imports the tasks.
"""
