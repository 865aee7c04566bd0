"""Structured formats read field by field, whose fields say what their values are: HL7 v2,
X12, NCPDP claim fields, DICOM data elements, SQL in error messages, and URLs (percent-encoded
text, links that carry PHI)."""
