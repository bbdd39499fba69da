# The external file is never read into the findings.
! grep -qF "$(cat /etc/hostname)" stdout stderr
