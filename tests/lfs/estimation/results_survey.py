"""Expected values for test_design.py and test_survey_cli.py, each with the call that produced it and where.

Statsmodels style (``statsmodels/stats/tests/results/``). Three kinds of figure:

- R figures printed to 15 digits in ``../shared/data/survey/README.md`` (R 4.2.2, survey 4.1-1): floats, checked to
  a relative 1e-9.
- R figures printed by the ``survey`` package itself, in its regression-test transcripts (``tests/*.Rout.save``)
  and its vignette (``inst/doc/survey.tex``) in the CRAN sources (GitHub mirror ``cran/survey``): strings, exactly
  as R printed them, checked to half a unit of their last printed digit.
- Where no printed R figure was found: values computed with the Python package ``svy`` 0.35.0 on the same data
  (full precision; checked to a relative 1e-9). Each says so. ``svy``'s replicate variances use no finite
  population correction, so its JK1 figures are for designs without one.

Designs, as declared in R (``data(api)``):

- ``dclus1 <- svydesign(id=~dnum, weights=~pw, data=apiclus1, fpc=~fpc)``
- ``dstrat <- svydesign(id=~1, strata=~stype, weights=~pw, data=apistrat, fpc=~fpc)``
- ``dclus2 <- svydesign(id=~dnum+snum, fpc=~fpc1+fpc2, data=apiclus2)``
- ``dclus2wr <- svydesign(id=~dnum+snum, weights=~pw, data=apiclus2)``
- ``rclus1 <- as.svrepdesign(dclus1)`` (JK1, 15 replicates)
"""

# --- ../shared/data/survey/README.md (R 4.2.2, survey 4.1-1, 15 digits) -------------------------------------------
# svymean(~api00, dclus1)
README_MEAN_API00 = (644.169398907, 23.5422406938)
# svyratio(~api.stu, ~enroll, dclus1)
README_RATIO = (0.849708741724, 0.00838629716939)
# svyby(~api.stu, ~stype, denominator=~enroll, design=dclus1, svyratio)
README_RATIO_BY_STYPE = {
    "E": (0.853267234602365, 0.0125336085965047),
    "H": (0.830068250758342, 0.0147260732432733),
    "M": (0.853673751281023, 0.0111420286695725),
}
# svyciprop(~I(sch.wide=="Yes"), dclus1, method="logit"): estimate and 95% interval
README_CIPROP = (0.87431693989, 0.823798892379034, 0.911900077021223)
# degf(dclus1)
README_DEGF = 14

# --- survey package, tests/api.Rout.save (R 2.14.0; example(api)) --------------------------------------------------
# svymean(~api00, dstrat)                                   ->  662.29   SE 9.4089
API_STRAT_MEAN_API00 = ("662.29", "9.4089")
# svytotal(~enroll, dstrat, na.rm=TRUE)                     ->  3687178  SE 114642
API_STRAT_TOTAL_ENROLL = ("3687178", "114642")
# svytotal(~enroll, dclus1, na.rm=TRUE)                     ->  3404940  SE 932235
API_CLUS1_TOTAL_ENROLL = ("3404940", "932235")
# svymean(~api00, dclus2)                                   ->  670.81   SE 30.099
API_CLUS2_MEAN_API00 = ("670.81", "30.099")
# svytotal(~enroll, dclus2, na.rm=TRUE)   (6 schools NA)    ->  2639273  SE 799638
API_CLUS2_TOTAL_ENROLL = ("2639273", "799638")
# svymean(~api00, dclus2wr)                                 ->  670.81   SE 30.712
API_CLUS2WR_MEAN_API00 = ("670.81", "30.712")
# svytotal(~enroll, dclus2wr, na.rm=TRUE)                   ->  2639273  SE 820261
API_CLUS2WR_TOTAL_ENROLL = ("2639273", "820261")
# svymean(~api00, rclus1), options(survey.replicates.mse=FALSE)  ->  644.17  SE 26.329
API_JK1_MEAN_API00 = ("644.17", "26.329")
# svymean(~api00, rclus1), options(survey.replicates.mse=TRUE)   ->  644.17  SE 26.335
API_JK1_MSE_MEAN_API00 = ("644.17", "26.335")
# svytotal(~enroll, rclus1, na.rm=TRUE)   (either option)   ->  3404940  SE 932235
API_JK1_TOTAL_ENROLL = ("3404940", "932235")

# --- survey package, inst/doc/survey.tex (vignette "A survey analysis example") ----------------------------------
# svytotal(~stype, dclus1): totals of the indicators of school type
VIGNETTE_TOTAL_STYPE = {"E": ("4873.97", "1333.32"), "H": ("473.86", "158.70"), "M": ("846.17", "167.55")}
# vars <- names(apiclus1)[c(12:13, 16:23, 27:37)]; svymean(make.formula(vars), dclus1, na.rm=TRUE)
# na.rm drops the rows with NA in any of the 21 variables (157 of 183 schools), keeping the design. A selection:
VIGNETTE_COMPLETE_CASE_COLUMNS = [
    "api00",
    "api99",
    "sch.wide",
    "comp.imp",
    "both",
    "awards",
    "meals",
    "ell",
    "yr.rnd",
    "mobility",
    "pct.resp",
    "not.hsg",
    "hsg",
    "some.col",
    "col.grad",
    "grad.sch",
    "avg.ed",
    "full",
    "emer",
    "enroll",
    "api.stu",
]
VIGNETTE_COMPLETE_CASE_MEANS = {
    "api00": ("643.203822", "25.4936"),
    "api99": ("605.490446", "25.4987"),
    "meals": ("50.636943", "6.6588"),
    "ell": ("26.891720", "2.1567"),
    "avg.ed": ("2.621529", "0.1054"),
    "enroll": ("573.713376", "46.5959"),
    "api.stu": ("487.318471", "41.4182"),
}
# the same call, factor sch.wide: sch.wideYes
VIGNETTE_COMPLETE_CASE_SCHWIDE_YES = ("0.872611", "0.0247")
# svyby(~ell+meals, ~stype, design=dclus1, svymean): (ell, se.ell, meals, se.meals)
VIGNETTE_BY_STYPE = {
    "E": ("29.69444", "1.411617", "53.09028", "7.070399"),
    "H": ("15.00000", "5.347065", "37.57143", "5.912262"),
    "M": ("22.68000", "2.952862", "43.08000", "6.017110"),
}
# svyratio(~api.stu, ~enroll, design=subset(dclus1, stype == "H"))  ->  0.8300683  SE 0.01472607
VIGNETTE_RATIO_SUBSET_H = ("0.8300683", "0.01472607")

# --- survey package, tests/lonely.psu.Rout.save (R 4.1.1) ----------------------------------------------------------
# ds <- svydesign(id=~1, weights=~pw, strata=~dnum, data=apiclus1)   (stratum 413 has a single school)
# options(survey.lonely.psu=...); svymean(~api00, ds)
LONELY_MEAN_API00 = {
    "fail": None,  # Error: Stratum (413) has only one PSU at stage 1
    "remove": ("644.17", "5.8058"),
    "certainty": ("644.17", "5.8058"),
    "adjust": ("644.17", "5.8281"),
    "average": ("644.17", "6.0096"),
}
LONELY_FAIL_STRATUM = 413
# fpc <- ifelse(apiclus1$dnum==413, 1, 1000); ds <- svydesign(id=~1, weights=~pw, strata=~dnum, data=apiclus1,
# fpc=fpc): stratum 413 is a certainty stratum; svymean(~api00, ds) under every option  ->  644.17  SE 5.7344
LONELY_CERTAINTY_MEAN_API00 = ("644.17", "5.7344")
# ds <- svydesign(id=~1, weights=~pw, strata=~dnum, data=subset(apiclus1, dnum != 413)); ds1 <- ds[-31,]
# stratum 406 keeps its 2 design PSUs but has 1 in the subset; svymean(~api00, ds1), every option, default
# survey.adjust.domain.lonely=FALSE  ->  645.14  SE 5.8909
LONELY_SUBSET_ROW = 31  # R's 1-based row of subset(apiclus1, dnum != 413) dropped by ds[-31,]
LONELY_SUBSET_MEAN_API00 = ("645.14", "5.8909")
# df_w_singleton (5 rows below); design_w_singleton <- svydesign(ids=~PSU, strata=~Stratum, weights=~Design_Weight)
# stopifnot(all.equal(target=..., current=vcov(svytotal(~Age, design_w_singleton)))): the file's own targets
SINGLETON_DATA = {
    "Stratum": [1, 1, 2, 2, 3],
    "PSU": [1, 2, 3, 4, 5],
    "Design_Weight": [10.5, 10.5, 20, 20, 15],
    "Age": [30.5, 40.5, 35, 52, 44],
}
SINGLETON_TOTAL_AGE_VARIANCE = {"remove": 126625.0, "certainty": 126625.0, "adjust": 127579.8}
SINGLETON_ADJUST_TOLERANCE = 0.000001  # all.equal(..., scale=127579.8, tolerance=0.000001)

# --- survey package, data(fpc), printed in tests/fpc.Rout.save ------------------------------------------------------
FPC_DATA = {
    "stratid": [1, 1, 1, 1, 1, 2, 2, 2],
    "psuid": [1, 2, 3, 4, 5, 1, 2, 3],
    "weight": [3, 3, 3, 3, 3, 4, 4, 4],
    "nh": [5, 5, 5, 5, 5, 3, 3, 3],
    "Nh": [15, 15, 15, 15, 15, 12, 12, 12],
    "x": [2.8, 4.1, 6.8, 6.8, 9.2, 3.7, 6.6, 4.2],
}
# tests/fpc.Rout.save (example(fpc)):
# withoutfpc <- svydesign(weights=~weight, ids=~psuid, strata=~stratid, variables=~x, data=fpc, nest=TRUE)
# svymean(~x, withoutfpc)  ->  5.4481  SE 0.7413
FPC_WITHOUT = ("5.4481", "0.7413")
# the same with fpc=~Nh; with prob=~I(1/weight); with fpc=~I(nh/Nh); with ids=~interaction(stratid,psuid);
# without weights and fpc=~Nh; without weights and fpc=~I(nh/Nh): svymean(~x, withfpc)  ->  5.4481  SE 0.616
FPC_WITH = ("5.4481", "0.616")
# tests/check.Rout.save (R 2.14.0), svymean(~x, a) for:
CHECK_DESIGNS = {
    # a <- svydesign(weights=~weight, ids=~0, strata=~stratid, variables=~x, data=fpc, nest=TRUE)
    "ids0_strata_weights": ("5.4481", "0.7413"),
    # a <- svydesign(ids=~0, strata=~stratid, variables=~x, data=fpc, nest=TRUE)   (equal probability)
    "ids0_strata": ("5.525", "0.7796"),
    # a <- svydesign(ids=~psuid, strata=~stratid, variables=~x, data=fpc, nest=TRUE)
    "psu_strata": ("5.525", "0.7796"),
    # a <- svydesign(ids=~psuid, variables=~x, data=fpc, nest=TRUE)   (5 clusters: psuid not nested in strata)
    "psu": ("5.525", "0.838"),
    # a <- svydesign(ids=~psuid, weights=~weight, variables=~x, data=fpc, nest=TRUE)
    "psu_weights": ("5.4481", "0.7938"),
    # a <- svydesign(ids=~stratid+psuid, weights=~weight, variables=~x, data=fpc)   (2 stages, no fpc)
    "two_stage_weights": ("5.4481", "0.5465"),
    # a <- svydesign(ids=~stratid+psuid, variables=~x, data=fpc)
    "two_stage": ("5.525", "0.5188"),
    # a <- svydesign(weights=fpc$weight, ids=fpc$psuid, variables=fpc[,4:6], fpc=rep(27,8))
    "psu_weights_fpc27": ("5.4481", "0.7165"),
}

# --- survey package, tests/domain.Rout.save (R 2.6.0) ---------------------------------------------------------------
# dfpc <- svydesign(id=~psuid, strat=~stratid, weight=~weight, data=fpc, nest=TRUE)
# svyby(~x, ~I(x>4), design=dfpc, svymean, keep.var=TRUE)   (also svyratio(~I(x*(x>4)), ~as.numeric(x>4), dfpc))
DOMAIN_BY_X_GT_4 = {False: ("3.314286", "0.3117042"), True: ("6.195000", "0.7555129")}

# --- svy 0.35.0 (no printed R figure found): Taylor linearisation, same designs ------------------------------------
# svy.Sample(apistrat, svy.Design(stratum="stype", wgt="pw", pop_size="fpc")).estimation.mean("api00", by="awards")
STRAT_MEAN_API00_BY_AWARDS = {
    "No": (633.7349116594131, 15.334770976044993),
    "Yes": (678.422405614438, 11.856630987444273),
}
# ... .estimation.ratio("api.stu", "enroll", by="awards")
STRAT_RATIO_BY_AWARDS = {
    "No": (0.8166245368829721, 0.01475564285514701),
    "Yes": (0.853017947313908, 0.0073218085966896915),
}
# ... .estimation.total("enroll", by="awards")
STRAT_TOTAL_ENROLL_BY_AWARDS = {
    "No": (1627217.1322956085, 144256.00986062677),
    "Yes": (2059960.4001426697, 140944.74576445043),
}
# ... .estimation.prop(yes = sch.wide == "Yes", by="stype"), logit interval, t on the domain's df:
# (estimate, se, ci_low, ci_high, df)
STRAT_PROP_SCHWIDE_BY_STYPE = {
    "E": (0.91, 0.028435196206367305, 0.8354459442444832, 0.9526888939816449, 99),
    "H": (0.52, 0.06896763492281631, 0.3833795166215102, 0.6536933597512918, 49),
    "M": (0.7, 0.06383743034718317, 0.5588291505821225, 0.8112547869801712, 49),
}
# svy.Sample(apiclus2, svy.Design(psu="dnum", ssu="snum", wgt="pw",
#            pop_size=svy.PopSize(psu="fpc1", ssu="fpc2"))).estimation.mean("api00", by="stype")
# (svy reproduces dclus2's svymean(~api00) SE 30.099 above; pw equals the fpc weights to 1e-13)
CLUS2_MEAN_API00_BY_STYPE = {
    "E": (692.8104008667391, 29.926604237403),
    "H": (598.3406593406595, 17.69416712609102),
    "M": (642.3519999999999, 45.09131630033111),
}
# ... .estimation.total("enroll", by="stype", drop_nulls=True): (estimate, se, n)
CLUS2_TOTAL_ENROLL_BY_STYPE = {
    "E": (1161343.9799999995, 334451.8483755046, 79),
    "H": (715486.12, 338720.9881390571, 20),
    "M": (762442.8300000001, 291735.04183014913, 21),
}
# svy.Sample(apiclus1, svy.Design(stratum="dnum", wgt="pw", singleton="center" | "scale"))  (R "adjust" |
# "average"; stratum 413 is in domain E): .estimation.total("api00", by="stype") and .mean("api00", by="stype")
LONELY_BY_STYPE = {
    ("adjust", "total"): {
        "E": (3162561.7939720154, 124228.64728114902),
        "H": (293114.9880218506, 72853.30957385598),
        "M": (534308.6837081909, 102566.78754829541),
    },
    ("adjust", "mean"): {
        "E": (648.8680555555555, 7.7299785084864885),
        "H": (618.5714285714286, 23.419057798130115),
        "M": (631.44, 20.817079811991604),
    },
    ("average", "total"): {
        "E": (3162561.7939720154, 128581.07040317787),
        "H": (293114.9880218506, 72853.30957385598),
        "M": (534308.6837081909, 102566.78754829541),
    },
    ("average", "mean"): {
        "E": (648.8680555555555, 7.9703014505161605),
        "H": (618.5714285714286, 23.419057798130115),
        "M": (631.44, 20.817079811991604),
    },
}

# --- svy 0.35.0: JK1 without a finite population correction ---------------------------------------------------------
# R: as.svrepdesign(svydesign(id=~dnum, weights=~pw, data=apiclus1), type="JK1")
# svy: svy.Sample(apiclus1, svy.Design(psu="dnum", wgt="pw")).weighting.create_jk_wgts(), method="replication"
JK1_NOFPC_MEAN_API00 = (644.1693989071039, 26.594161357710597)
JK1_NOFPC_MEAN_API00_BY_STYPE = {
    "E": (648.8680555555555, 25.62949908021731),
    "H": (618.5714285714286, 46.810215822828404),
    "M": (631.44, 34.02642456714952),
}
JK1_NOFPC_RATIO_BY_STYPE = {
    "E": (0.8532672346023648, 0.014574464556563131),
    "H": (0.8300682507583418, 0.02058973291428679),
    "M": (0.8536737512810231, 0.012989638243543475),
}
JK1_NOFPC_TOTAL_ENROLL_BY_STYPE = {
    "E": (2109717.1268348694, 637699.0202477635),
    "H": (535594.8695678711, 228996.73851142),
    "M": (759628.1381263733, 215784.0681713745),
}
