# Reads key figures, units, groups, a title search and values with rKolada (github
# LCHansson/rKolada, installed in $KOLCAT_RKOLADA_LIB, never part of this project) from the
# Kolada v3 API at BASE_URL, and prints them as canonical text for a byte comparison.
#
#   Rscript rkolada_read.R BASE_URL     (e.g. http://127.0.0.1:8080/v3)
#
# rKolada always asks https://api.kolada.se/v3. The same answers are wanted from another
# server, so every request it makes is redirected there by httr2's own mocking hook: the
# request is re-sent, unchanged but for its origin, and rKolada's code runs as it is.

args <- commandArgs(trailingOnly = TRUE)
base_url <- sub("/+$", "", args[[1]])
suppressPackageStartupMessages({
  library(rKolada, lib.loc = c(Sys.getenv("KOLCAT_RKOLADA_LIB"), .libPaths()))
})

redirect <- function(req) {
  if (!startsWith(req$url, "https://api.kolada.se/v3")) {
    return(NULL)  # already redirected: let httr2 send it
  }
  req$url <- paste0(base_url, substring(req$url, nchar("https://api.kolada.se/v3") + 1))
  httr2::req_perform(req)
}

show <- function(name, frame) {
  frame <- as.data.frame(frame)
  list_columns <- vapply(frame, is.list, logical(1))
  frame[list_columns] <- lapply(frame[list_columns], function(column) {
    vapply(column, function(cell) paste(unlist(cell), collapse = "|"), character(1))
  })
  if (nrow(frame) > 0) {
    frame <- frame[do.call(order, unname(as.list(frame))), , drop = FALSE]
  }
  cat("==", name, nrow(frame), "rows\n")
  write.csv(frame, stdout(), row.names = FALSE)
}

read_all <- function() {
  show("values", get_values(kpi = c("N00945", "N00090"),
                            municipality = c("0025", "2580", "G33632"),
                            period = 2019:2021, simplify = FALSE))
  show("values simplified", get_values(kpi = "N00945", municipality = c("0025", "2580")))
  show("kpi", get_kpi(id = c("N00945", "N00090")))
  show("municipalities", get_municipality())
  show("municipality groups", get_municipality_groups())
  show("search", get_metadata(entity = "kpi", title = "sjukfrånvaro"))
}

mock <- if (exists("with_mocked_responses", envir = asNamespace("httr2"))) {
  httr2::with_mocked_responses
} else {
  httr2::with_mock
}
mock(redirect, read_all())
