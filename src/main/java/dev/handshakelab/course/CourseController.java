package dev.handshakelab.course;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.handshakelab.account.Caller;
import dev.handshakelab.account.Callers;
import dev.handshakelab.account.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Courses: creating them, joining them, their rosters and instructors. Accounts only. */
@RestController
@RequestMapping(path = "/api/v1/courses", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Courses", description = "Courses, join codes, rosters; an instructor reads their students' sessions")
public class CourseController {

    private final Courses courses;
    private final Callers callers;

    CourseController(Courses courses, Callers callers) {
        this.courses = courses;
        this.callers = callers;
    }

    public record NewCourse(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 64) String term) {}

    public record JoinRequest(@NotBlank @Size(max = 32) String joinCode) {}

    /** The roster file's text: a CSV upload arrives as JSON like every other body. */
    public record RosterRequest(@NotBlank @Size(max = 200_000) String csv) {}

    public record InstructorRequest(@NotBlank @Size(max = 64) String username) {}

    @GetMapping
    @Operation(operationId = "listCourses", summary = "The courses you teach or attend")
    public List<Courses.CourseView> mine() {
        return courses.mine(self());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createCourse", summary = "Create a course (instructors); the answer carries its join code")
    public Courses.CourseView create(@Valid @RequestBody NewCourse r) {
        return courses.create(self(), r.name(), r.term());
    }

    @GetMapping("/{courseId}")
    @Operation(operationId = "getCourse", summary = "A course you teach (with its people and join code) or attend")
    public Courses.CourseView get(@PathVariable String courseId) {
        return courses.view(self(), Ids.parse(courseId, "course-not-found"));
    }

    @PostMapping(path = "/join", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "joinCourse", summary = "Join a course with the code your instructor gave")
    public Courses.CourseView join(@Valid @RequestBody JoinRequest r) {
        return courses.joinAs(self(), r.joinCode());
    }

    @PostMapping(path = "/{courseId}/roster", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "importRoster", summary = "Add students from a CSV roster (username, display name, e-mail)",
            description = "Unknown usernames become student accounts with a random first password, shown once. "
                    + "All or nothing: a wrong line is named in the problem and nobody is added.")
    public Courses.RosterResult roster(@PathVariable String courseId, @Valid @RequestBody RosterRequest r) {
        return courses.importRoster(self(), Ids.parse(courseId, "course-not-found"), r.csv());
    }

    @DeleteMapping("/{courseId}/students/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "removeStudent", summary = "Remove a student from a course you teach (their sessions stay theirs)")
    public void removeStudent(@PathVariable String courseId, @PathVariable String userId) {
        courses.removeStudent(self(), Ids.parse(courseId, "course-not-found"), Ids.parse(userId, "student-not-found"));
    }

    @PostMapping(path = "/{courseId}/instructors", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "addInstructor", summary = "Add a co-instructor to a course you teach")
    public Courses.CourseView addInstructor(@PathVariable String courseId, @Valid @RequestBody InstructorRequest r) {
        return courses.addInstructor(self(), Ids.parse(courseId, "course-not-found"), r.username());
    }

    private Caller.Account self() {
        return callers.account();
    }
}
