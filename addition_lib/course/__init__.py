"""Course plumbing, apart from the teaching library: showing library source in a
notebook (:mod:`.display`), the training-budget switch (:mod:`.budget`) and the
recorded full-budget results (:mod:`.results`)."""
