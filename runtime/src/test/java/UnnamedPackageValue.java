import java.io.Serializable;

/** A class in the unnamed package, as a single-file program's classes are (RefusedObjectsTest). */
public record UnnamedPackageValue(int value) implements Serializable {
    public UnnamedPackageValue() {
        this(1);
    }
}
