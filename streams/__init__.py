"""sitrep's stream processing: articles -> claims -> incidents.

Every process that talks to a broker imports this package first, so this is where the client-side correction of
end offsets is installed (see broker_fixes: the embedded broker misreports them).
"""
from streams import broker_fixes

broker_fixes.apply()
