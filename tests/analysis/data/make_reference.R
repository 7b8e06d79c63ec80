# Reference values for tests/analysis (run: Rscript make_reference.R > r_reference.txt).
# Exports R's api data used by the tests and prints survey-package results with 15 digits.
suppressMessages(library(survey))
options(digits = 15)
data(api)
keep <- c("cds", "stype", "dnum", "snum", "api00", "api99", "enroll", "ell", "sch.wide",
          "comp.imp", "pw", "fpc")
write.csv(apistrat[, keep], "apistrat.csv", row.names = FALSE)
write.csv(apiclus1[, keep], "apiclus1.csv", row.names = FALSE)
cat("R:", R.version.string, " survey:", as.character(packageVersion("survey")), "\n")
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
show <- function(label, x) { cat("##", label, "\n"); print(x) }
est <- function(label, s, d) {
  cat("##", label, "\n")
  print(c(coef(s), SE(s), deff(s), confint(s, df = degf(d)), degf(d)))
}
est("strat mean api00", svymean(~api00, dstrat, deff = TRUE), dstrat)
est("strat total enroll", svytotal(~enroll, dstrat, deff = TRUE), dstrat)
est("clus1 mean api00", svymean(~api00, dclus1, deff = TRUE), dclus1)
est("clus1 total enroll", svytotal(~enroll, dclus1, deff = TRUE), dclus1)
for (m in c("logit", "beta")) {
  p <- svyciprop(~I(sch.wide == "Yes"), dstrat, method = m)
  show(paste("strat ciprop", m), c(coef(p), SE(p), attr(p, "ci")))
  p <- svyciprop(~I(sch.wide == "Yes"), dclus1, method = m)
  show(paste("clus1 ciprop", m), c(coef(p), SE(p), attr(p, "ci")))
  sub <- subset(dclus1, stype == "H")
  p <- svyciprop(~I(comp.imp == "Yes"), sub, method = m)
  show(paste("clus1 H ciprop comp.imp", m), c(coef(p), SE(p), attr(p, "ci"), degf(sub)))
}
b <- svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE)
show("clus1 by stype mean api00", coef(b)); show("vcov", vcov(b))
show("clus1 diff E-H", svycontrast(b, c(E = 1, H = -1, M = 0)))
b <- svyby(~enroll, ~stype, dstrat, svytotal, covmat = TRUE)
show("strat by stype total enroll", coef(b)); show("vcov", vcov(b))
pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
dps <- postStratify(dclus1, ~stype, pop.types)
show("ps mean api00", c(coef(svymean(~api00, dps)), SE(svymean(~api00, dps))))
show("ps total enroll", c(coef(svytotal(~enroll, dps)), SE(svytotal(~enroll, dps))))
drk <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide),
            control = list(maxit = 200, epsilon = 1e-13))
show("rake weights head", head(weights(drk)))
show("rake mean api00", c(coef(svymean(~api00, drk)), SE(svymean(~api00, drk))))
drc <- calibrate(dclus1, ~stype + sch.wide, c(6194, 755, 1018, 5122), calfun = "raking",
                 epsilon = 1e-13, maxit = 100)
show("calib raking mean api00", c(coef(svymean(~api00, drc)), SE(svymean(~api00, drc))))
show("calib raking total enroll", c(coef(svytotal(~enroll, drc)), SE(svytotal(~enroll, drc))))
pop <- c(6194, 755, 1018, 3914069)
dg <- calibrate(dclus1, ~stype + api99, pop, epsilon = 1e-13)
show("greg mean api00", c(coef(svymean(~api00, dg)), SE(svymean(~api00, dg))))
show("greg total enroll", c(coef(svytotal(~enroll, dg)), SE(svytotal(~enroll, dg))))
show("greg weights range", range(weights(dg)))
dgb <- calibrate(dclus1, ~stype + api99, pop, bounds = c(0.5, 1.7), epsilon = 1e-13,
                 maxit = 100)
show("greg bounded mean api00", c(coef(svymean(~api00, dgb)), SE(svymean(~api00, dgb))))
show("greg bounded weights range", range(weights(dgb)))
dgl <- calibrate(dclus1, ~stype + api99, pop, calfun = "logit", bounds = c(0.4, 1.9),
                 epsilon = 1e-13, maxit = 100)
show("logit mean api00", c(coef(svymean(~api00, dgl)), SE(svymean(~api00, dgl))))
show("logit weights range", range(weights(dgl)))
dgr <- calibrate(dclus1, ~stype + api99, pop, calfun = "raking", epsilon = 1e-13,
                 maxit = 100)
show("raking cont mean api00", c(coef(svymean(~api00, dgr)), SE(svymean(~api00, dgr))))
dt <- trimWeights(dg, upper = 36, lower = 31)
show("trim mean api00", c(coef(svymean(~api00, dt)), SE(svymean(~api00, dt))))
show("trim weights range", range(weights(dt)))
dts <- trimWeights(dg, upper = 36, lower = 31, strict = TRUE)
show("trim strict mean api00", c(coef(svymean(~api00, dts)), SE(svymean(~api00, dts))))
show("trim strict weights range", range(weights(dts)))
for (d in list(dstrat, dclus1)) {
  x <- svychisq(~sch.wide + stype, d)
  show("chisq sch.wide x stype", c(x$statistic, x$parameter, x$p.value))
}
x <- svychisq(~comp.imp + stype, dclus1)
show("chisq comp.imp x stype clus1", c(x$statistic, x$parameter, x$p.value))
g <- svyglm(I(sch.wide == "Yes") ~ ell, dclus1, family = quasibinomial)
show("glm logit ell", c(coef(g)[2], SE(g)[2], g$df.residual, degf(dclus1)))
g <- svyglm(I(sch.wide == "Yes") ~ ell, dstrat, family = gaussian)
show("glm linear ell strat", c(coef(g)[2], SE(g)[2]))
q <- svyquantile(~api00, dclus1, 0.5, ci = TRUE)
show("median clus1", q)
q <- svyquantile(~api00, dstrat, c(0.25), ci = TRUE)
show("q25 strat", q)
# -- added: two-variable post-strata and a stratified cluster design
pop2 <- data.frame(stype = c("E", "E", "H", "H", "M", "M"),
                   sch.wide = c("No", "Yes", "No", "Yes", "No", "Yes"),
                   Freq = c(500, 3921, 300, 455, 272, 746))
m <- svymean(~api00, postStratify(dclus1, ~stype + sch.wide, pop2))
show("ps2 mean api00", c(coef(m), SE(m)))
ds2 <- svydesign(id = ~dnum, strata = ~stype, weights = ~pw, data = apistrat, nest = TRUE)
m <- svymean(~api00, ds2, deff = TRUE)
show("strat-clus mean api00", c(coef(m), SE(m), deff(m), degf(ds2)))
p <- svyciprop(~I(sch.wide == "Yes"), ds2, method = "beta")
show("strat-clus ciprop beta", c(coef(p), attr(p, "ci")))
x <- svychisq(~sch.wide + stype, ds2)
show("strat-clus chisq", c(x$statistic, x$parameter, x$p.value))
# -- added: domains after calibration (svyby with covmat=TRUE fails on this design in 4.1.1)
b <- svyby(~api00, ~sch.wide, dg, svymean)
show("greg by sch.wide mean api00", c(coef(b), SE(b)))
# -- added: raking with unequal base weights: rake() and calibrate(calfun = "raking") differ
pop.comp <- data.frame(comp.imp = c("No", "Yes"), Freq = c(2500, 3694))
r <- rake(dstrat, list(~sch.wide, ~comp.imp), list(pop.schwide, pop.comp),
          control = list(maxit = 200, epsilon = 1e-13))
m <- svymean(~api00, r)
show("strat rake() mean api00", c(coef(m), SE(m)))
c2 <- calibrate(dstrat, ~sch.wide + comp.imp, c(6194, 5122, 3694), calfun = "raking",
                epsilon = 1e-13)
m <- svymean(~api00, c2)
show("strat calibrate raking mean api00", c(coef(m), SE(m)))
# -- added (issue 16): svyciprop methods, deff = "replace", Korn-Graubard in calibrated domains
for (m in c("mean", "asin", "xlogit", "likelihood")) {
  p <- svyciprop(~I(sch.wide == "Yes"), dstrat, method = m)
  show(paste("strat ciprop", m), c(coef(p), SE(p), attr(p, "ci")))
  p <- svyciprop(~I(sch.wide == "Yes"), dclus1, method = m)
  show(paste("clus1 ciprop", m), c(coef(p), SE(p), attr(p, "ci")))
}
m <- svymean(~api00, dclus1, deff = "replace")
show("clus1 mean api00 deff replace", c(coef(m), SE(m), deff(m)))
m <- svytotal(~enroll, dstrat, deff = "replace")
show("strat total enroll deff replace", c(coef(m), SE(m), deff(m)))
for (s in c("E", "H", "M")) {

  sub <- subset(dps, stype == s)
  p <- svyciprop(~I(comp.imp == "Yes"), sub, method = "beta")
  show(paste("ps domain", s, "ciprop beta comp.imp"),
       c(coef(p), SE(p), attr(p, "ci"), degf(sub), nrow(sub)))
}
# -- added (issue 16): svychisq statistics besides F. lincom needs CompQuadForm::davies; where
# it is not installed (Debian has no package for it) R warns and prints the saddlepoint value,
# so tests/analysis check lincom against closed forms and Monte Carlo (test_quadform.py).
for (st in c("Chisq", "Wald", "adjWald", "lincom", "saddlepoint")) {
  for (dn in c("dstrat", "dclus1")) {
    x <- svychisq(~comp.imp + stype, get(dn), statistic = st)
    show(paste("chisq", st, dn, "comp.imp x stype"), c(x$statistic, x$parameter, x$p.value))
  }
}
# -- added (issue 16): replicate-weight designs
show_rep <- function(label, d) {
  m <- svymean(~api00, d); show(paste(label, "mean api00"), c(coef(m), SE(m)))
  t <- svytotal(~enroll, d); show(paste(label, "total enroll"), c(coef(t), SE(t)))
  p <- svymean(~I(sch.wide == "Yes"), d); show(paste(label, "prop sch.wide"), c(coef(p)[2], SE(p)[2]))
  b <- svyby(~api00, ~stype, d, svymean, covmat = TRUE)
  show(paste(label, "by stype mean api00"), c(coef(b), SE(b)))
  x <- svycontrast(b, c(E = 1, H = -1, M = 0)); show(paste(label, "diff E-H"), c(coef(x), SE(x)))
}
show_rep("JK1 clus1", as.svrepdesign(dclus1, type = "JK1"))
show_rep("JKn strat", as.svrepdesign(dstrat, type = "JKn"))
set.seed(42)
dboot <- as.svrepdesign(dclus1, type = "bootstrap", replicates = 25)
write.csv(round(weights(dboot, "analysis"), 10), "boot_clus1.csv", row.names = FALSE)
show_rep("bootstrap clus1", svrepdesign(data = apiclus1, weights = ~pw,
                                        repweights = read.csv("boot_clus1.csv"),
                                        type = "bootstrap", combined.weights = TRUE))
# BRR / Fay: the first 14 districts of apiclus1 paired into 7 pseudo-strata
d14 <- sort(unique(apiclus1$dnum))[1:14]
a14 <- apiclus1[apiclus1$dnum %in% d14, ]
a14$pair <- match(a14$dnum, d14) %/% 2 + (match(a14$dnum, d14) %% 2)
dpair <- svydesign(id = ~dnum, strata = ~pair, weights = ~pw, data = a14, nest = TRUE)
show_rep("BRR pairs", as.svrepdesign(dpair, type = "BRR"))
show_rep("Fay 0.3 pairs", as.svrepdesign(dpair, type = "Fay", fay.rho = 0.3))
write.csv(data.frame(dnum = a14$dnum, pair = a14$pair,
                     round(weights(as.svrepdesign(dpair, type = "BRR"), "analysis"), 10)),
          "brr_pairs.csv", row.names = FALSE)
# -- added (issue 16): quantiles with Woodruff intervals by domain
q <- svyby(~api00, ~stype, dclus1, svyquantile, quantiles = 0.5, ci = TRUE, vartype = "ci")
show("clus1 by stype median api00", q)
q <- svyby(~api00, ~stype, dstrat, svyquantile, quantiles = 0.25, ci = TRUE, vartype = "ci")
show("strat by stype q25 api00", q)
# -- added (issue 16): trend over two independent waves, each post-stratified on stype
a1 <- apistrat[, keep]; a1$year <- 2022; a1$psu <- paste("s", seq_len(nrow(a1)))
a1$st <- paste("s", a1$stype)
a2 <- apiclus1[, keep]; a2$year <- 2024; a2$psu <- paste("c", a2$dnum); a2$st <- "c"
a1$cell <- paste(a1$year, a1$stype); a2$cell <- paste(a2$year, a2$stype)
both <- rbind(a1, a2)
dboth <- svydesign(id = ~psu, strata = ~st, weights = ~pw, data = both)
pop.cells <- data.frame(cell = c(paste(2022, c("E", "H", "M")), paste(2024, c("E", "H", "M"))),
                        Freq = c(4421, 755, 1018, 4500, 760, 1000))
dps2 <- postStratify(dboth, ~cell, pop.cells)
g <- svyglm(I(sch.wide == "Yes") ~ year, dps2)
show("trend ps waves linear", c(coef(g)[2], SE(g)[2], g$df.residual))
g <- svyglm(I(sch.wide == "Yes") ~ year, dps2, family = quasibinomial)
show("trend ps waves logit", c(coef(g)[2], SE(g)[2]))
g <- svyglm(I(sch.wide == "Yes") ~ year, dboth)
show("trend unweighted-calibration waves linear", c(coef(g)[2], SE(g)[2]))
# -- added (issue 16, stats2): svyciprop likelihood in domains; Korn-Graubard in an
# uncalibrated domain with missing answers (R's nrow(subset) counts the rows without an answer)
sub <- subset(dclus1, stype == "H")
p <- svyciprop(~I(comp.imp == "Yes"), sub, method = "likelihood")
show("clus1 H ciprop comp.imp likelihood", c(coef(p), attr(p, "ci")))
for (s in c("E", "M")) {
  p <- svyciprop(~I(comp.imp == "Yes"), subset(dps, stype == s), method = "likelihood")
  show(paste("ps domain", s, "ciprop likelihood comp.imp"), c(coef(p), attr(p, "ci")))
}
cna <- apiclus1
cna$comp.imp[cna$snum %% 5 == 0] <- NA
dna <- svydesign(id = ~dnum, weights = ~pw, data = cna, fpc = ~fpc)
for (s in c("E", "M")) {
  sub <- subset(dna, stype == s)
  for (m in c("beta", "likelihood")) {
    p <- svyciprop(~I(comp.imp == "Yes"), sub, method = m, na.rm = TRUE)
    show(paste("clus1 NA domain", s, "ciprop", m, "comp.imp"),
         c(coef(p), SE(p), attr(p, "ci"), degf(sub), nrow(sub)))
  }
}
# -- added (stats2): svychisq in a post-stratified design (the shares' variance uses the
# calibration residuals)
for (st in c("F", "saddlepoint")) {
  x <- svychisq(~comp.imp + sch.wide, dps, statistic = st)
  show(paste("chisq", st, "dps comp.imp x sch.wide"), c(x$statistic, x$parameter, x$p.value))
}
p <- svyciprop(~I(comp.imp == "Yes"), dna, method = "likelihood", na.rm = TRUE)
show("clus1 NA ciprop likelihood comp.imp", c(coef(p), SE(p), attr(p, "ci"), degf(dna)))
