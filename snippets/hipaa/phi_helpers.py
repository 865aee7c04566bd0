from asyncproof import contains_phi, find_phi, redact_phi

message = "cannot bill patient Avery Example (MRN 00482213, DOB 01/01/1980)"

print(contains_phi(message))
#> True
for match in find_phi(message):
    print(match.kind, match.span)  # the kind and the position; the text stays in match.text
    #> NAME (20, 33)
    #> MRN (39, 47)
    #> DATE (53, 63)
print(redact_phi(message))
#> cannot bill patient [NAME] (MRN [MRN], DOB [DATE])

print(contains_phi("cannot bill patient pt-0001: amount must be > 0"))
#> False
