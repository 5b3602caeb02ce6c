-- Further numbers of a phone cell (issue 9): "13912345678、13812345678" stores the first as the
-- mobile and the others here, ";"-separated, in the order written. NULL when there are none.
-- They are offered to the call centre as other phones and tried for an SMS when the first
-- cannot take one. (Numbered 007: 006 is the do-not-contact lists.)
ALTER TABLE dealer_vehicle ADD COLUMN other_phones TEXT;
ALTER TABLE member ADD COLUMN other_phones TEXT;
