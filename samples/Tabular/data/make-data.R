# Writes the tables of samples/Tabular from the R packages of Debian (Ames housing: r-cran-modeldata; Palmer penguins:
# r-cran-palmerpenguins): apt-get install r-base-core r-cran-modeldata r-cran-palmerpenguins; cd data; Rscript make-data.R
library(modeldata)
data(ames)
features <- c("Lot_Area", "Year_Built", "Year_Remod_Add", "Total_Bsmt_SF", "First_Flr_SF", "Second_Flr_SF",
              "Gr_Liv_Area", "Full_Bath", "Half_Bath", "Bedroom_AbvGr", "TotRms_AbvGrd", "Fireplaces", "Garage_Cars")
houses <- ames[, features]
names(houses) <- tolower(names(houses))
houses$price_100k_usd <- ames$Sale_Price / 100000
set.seed(1)
test <- sample(nrow(houses), round(nrow(houses) * 0.2))
write.csv(houses[-test, ], "ames-houses-train.csv", row.names = FALSE)
write.csv(houses[test, ], "ames-houses-test.csv", row.names = FALSE)

penguins <- read.csv(system.file("extdata", "penguins.csv", package = "palmerpenguins"))
penguins <- penguins[, c("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "species")]
penguins <- penguins[complete.cases(penguins), ]
set.seed(1)
test <- sample(nrow(penguins), round(nrow(penguins) * 0.2))
write.csv(penguins[-test, ], "penguins-train.csv", row.names = FALSE)
write.csv(penguins[test, ], "penguins-test.csv", row.names = FALSE)
